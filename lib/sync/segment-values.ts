// What a contact's import row carries for segments in Constant Contact: the client type and groups of the clients
// the contact stands for, as two text custom fields. Pure: the caller resolves which fields exist in the account.
//
// A value is sent whole or cleared, never cut: a value past Constant Contact's 255 characters is cleared there and
// the client's note says why, so a segment never matches on half a list of groups.
import { CUSTOM_FIELD_LIMITS } from "../constant-contact/schemas";
import type { SyncClient } from "./pending-clients";

/** The labels of our custom fields in Constant Contact; CC names a field after its label (blanks → underscores). */
export const SEGMENT_FIELD_LABELS = { clientType: "Client type", groups: "Client groups" } as const;
export type SegmentKey = keyof typeof SEGMENT_FIELD_LABELS;
export const SEGMENT_KEYS: SegmentKey[] = ["clientType", "groups"];

export type SegmentPlan = {
  /** What the owner chose to send besides name, email and city. */
  send: Record<SegmentKey, boolean>;
  /** The field's name in the account (what follows `cf:`), or null when it does not exist there. */
  fieldNames: Record<SegmentKey, string | null>;
};

export const NO_SEGMENTS: SegmentPlan = {
  send: { clientType: false, groups: false },
  fieldNames: { clientType: null, groups: null },
};

export type SegmentCells = {
  /** `cf:<name>` keys to add to the row. */
  cells: Record<string, string>;
  /** Per field, what the contact holds once the import completes: null = unchanged, "" = nothing of ours. */
  inFlight: Record<SegmentKey, string | null>;
  /** Which value could not be sent and why, for the client's profile; null when everything went. */
  note: string | null;
};

const NOTHING_TO_SEND: SegmentCells = Object.freeze({
  cells: Object.freeze({}),
  inFlight: Object.freeze({ clientType: null, groups: null }),
  note: null,
});

const LABEL_IN_WORDS = { clientType: "Client type", groups: "Groups" } as const;

/** Values of one family: the distinct types and groups of its opted-in clients, sorted, comma-separated. */
function valueOf(key: SegmentKey, optedIn: SyncClient[]): string {
  const names =
    key === "clientType"
      ? optedIn.map((c) => c.clientTypeName).filter((n): n is string => Boolean(n))
      : optedIn.flatMap((c) => c.groupNames ?? []);
  return [...new Set(names)].sort((a, b) => a.localeCompare(b)).join(", ");
}

const sentBefore = (key: SegmentKey, members: SyncClient[]) =>
  members.some((c) => Boolean(key === "clientType" ? c.syncState?.syncedClientType : c.syncState?.syncedGroups));

/**
 * The segment cells of one contact. `optedIn` are the clients it stands for, `members` every client sharing the
 * email (what any of them last had sent is what an "off" must clear).
 */
export function segmentCells(optedIn: SyncClient[], members: SyncClient[], plan: SegmentPlan): SegmentCells {
  // Nothing sent and nothing of ours to clear (every contact of a business that sends no segments): one shared answer
  // instead of three objects per contact.
  if (!plan.send.clientType && !plan.send.groups && !SEGMENT_KEYS.some((key) => sentBefore(key, members)))
    return NOTHING_TO_SEND;
  const result: SegmentCells = { cells: {}, inFlight: { clientType: null, groups: null }, note: null };
  const notes: string[] = [];
  for (const key of SEGMENT_KEYS) {
    const field = plan.fieldNames[key];
    const before = sentBefore(key, members);
    if (!plan.send[key]) {
      // Turned off: clear what we sent. A field deleted in Constant Contact took its values with it.
      if (before) {
        if (field) result.cells[`cf:${field}`] = "";
        result.inFlight[key] = "";
      }
      continue;
    }
    const value = valueOf(key, optedIn);
    if (!field) {
      notes.push(`${LABEL_IN_WORDS[key]} not sent: the custom field does not exist in Constant Contact.`);
      continue;
    }
    if (value.length > CUSTOM_FIELD_LIMITS.valueLength) {
      notes.push(
        `${LABEL_IN_WORDS[key]} not sent: ${value.length} characters, Constant Contact accepts at most ${CUSTOM_FIELD_LIMITS.valueLength}.`,
      );
      if (before) result.cells[`cf:${field}`] = "";
      result.inFlight[key] = "";
      continue;
    }
    // An empty value needs no cell unless something of ours is there to clear.
    if (value || before) result.cells[`cf:${field}`] = value;
    result.inFlight[key] = value;
  }
  result.note = notes.length > 0 ? notes.join(" ") : null;
  return result;
}
