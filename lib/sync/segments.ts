// What a contact's row carries for segments: the client type and groups of the clients the contact stands for (each
// provider writes them its own way: Constant Contact custom fields, Mailchimp a merge field and groups). Pure: the
// provider resolves which fields exist in the account.
//
// A value is sent whole or cleared, never cut: a value past the provider's limit is cleared there and the client's
// note says why, so a segment never matches on half a list of groups.
import { markSegmentFieldPending, markUnsentSegmentValuesPending } from "../clients/mark-segment-pending";
import { db } from "../db";
import type { ProviderSession, RowWriter, SegmentKey, SegmentPlan } from "../integrations/provider";
import { requestSync } from "../jobs/request-sync";
import type { SyncClient } from "./queue";

export type { SegmentKey, SegmentPlan };

/**
 * The connection whose segment fields are resolved: client-sync-state.ts's ConnectionRef, spelled out here because
 * importing it would close an import cycle (client-sync-state.ts → plan-push.ts → segments.ts).
 */
type ConnectionRef = { connectionId: string; businessId: string };

/** How the segment fields are labelled in a provider account (Constant Contact names a field after its label). */
export const SEGMENT_FIELD_LABELS = { clientType: "Client type", groups: "Client groups" } as const;
export const SEGMENT_KEYS: SegmentKey[] = ["clientType", "groups"];

export const NO_SEGMENTS: SegmentPlan = {
  send: { clientType: false, groups: false },
  available: { clientType: false, groups: false },
  maxValueLength: { clientType: 255, groups: 255 },
};

export type SegmentCells = {
  /** The values the row carries, by field ("" clears what we sent); a field absent here is not carried. */
  cells: Partial<Record<SegmentKey, string>>;
  /** With `cells.groups`: the group names it joins (a provider that keeps groups one by one needs them). */
  groupNames?: string[];
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

/** Names of one family: the distinct types or groups of its opted-in clients, sorted. */
function namesOf(key: SegmentKey, optedIn: SyncClient[]): string[] {
  const names =
    key === "clientType"
      ? optedIn.map((c) => c.clientTypeName).filter((n): n is string => Boolean(n))
      : optedIn.flatMap((c) => c.groupNames ?? []);
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}

const sentBefore = (key: SegmentKey, members: SyncClient[]) =>
  members.some((c) => Boolean(key === "clientType" ? c.syncState?.syncedClientType : c.syncState?.syncedGroups));

/**
 * The segment cells of one contact. `optedIn` are the clients it stands for, `members` every client sharing the
 * email (what any of them last had sent is what an "off" must clear).
 */
export function segmentCells(
  optedIn: SyncClient[],
  members: SyncClient[],
  plan: SegmentPlan,
  providerName = "the provider",
): SegmentCells {
  // Nothing sent and nothing of ours to clear (every contact of a business that sends no segments): one shared answer
  // instead of three objects per contact.
  if (!plan.send.clientType && !plan.send.groups && !SEGMENT_KEYS.some((key) => sentBefore(key, members)))
    return NOTHING_TO_SEND;
  const result: SegmentCells = { cells: {}, inFlight: { clientType: null, groups: null }, note: null };
  const notes: string[] = [];
  for (const key of SEGMENT_KEYS) {
    const field = plan.available[key];
    const before = sentBefore(key, members);
    if (!plan.send[key]) {
      // Turned off: clear what we sent. A field deleted in the provider account took its values with it.
      if (before) {
        if (field) result.cells[key] = "";
        result.inFlight[key] = "";
      }
      continue;
    }
    const names = namesOf(key, optedIn);
    // The value as one text (Constant Contact's custom field, the profile): comma-separated.
    const value = names.join(", ");
    if (!field) {
      notes.push(`${LABEL_IN_WORDS[key]} not sent: the field does not exist in ${providerName}.`);
      continue;
    }
    if (value.length > plan.maxValueLength[key]) {
      notes.push(
        `${LABEL_IN_WORDS[key]} not sent: ${value.length} characters, ${providerName} accepts at most ${plan.maxValueLength[key]}.`,
      );
      if (before) result.cells[key] = "";
      result.inFlight[key] = "";
      continue;
    }
    // An empty value needs no cell unless something of ours is there to clear.
    if (value || before) {
      result.cells[key] = value;
      if (key === "groups") result.groupNames = names;
    }
    result.inFlight[key] = value;
  }
  result.note = notes.length > 0 ? notes.join(" ") : null;
  return result;
}

const writerByRun = new Map<string, RowWriter>();
const CACHED_RUNS = 50;

/**
 * Before a run's first batch: which segment fields the rows may carry, as the connection's provider has them. Costs
 * nothing when no segment field is chosen and nothing of ours is left to clear; otherwise the provider looks its
 * fields up once per run (cached for the run) and creates a missing one. A field the owner deleted in the provider
 * took our values with it: everyone it held values for is sent again. A field that cannot be created is reported on
 * the connection, and the rest of the sync goes on without it.
 */
export async function resolveSegmentFields(
  target: ConnectionRef,
  runId: string,
  session: ProviderSession,
): Promise<RowWriter> {
  const cached = writerByRun.get(runId);
  if (cached) return cached;
  const connection = await db.connection.findUniqueOrThrow({
    where: { id: target.connectionId },
    select: { sendClientType: true, sendGroups: true },
  });
  const send = { clientType: connection.sendClientType, groups: connection.sendGroups };
  // Each an index probe (the partial indexes of migration 20261207130000), not a scan of the connection's states.
  const [sent] = await db.$queryRaw<{ clientType: boolean; groups: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "ClientSyncState" WHERE "connectionId" = ${target.connectionId}::uuid
                     AND "syncedClientType" IS NOT NULL) AS "clientType",
           EXISTS (SELECT 1 FROM "ClientSyncState" WHERE "connectionId" = ${target.connectionId}::uuid
                     AND "syncedGroups" IS NOT NULL) AS groups`;
  const sentBefore = { clientType: Boolean(sent?.clientType), groups: Boolean(sent?.groups) };
  const { writer, missing, problems } = await session.prepareRows({ send, sentBefore });
  if (!SEGMENT_KEYS.some((key) => send[key] || sentBefore[key])) return remember(runId, writer);
  for (const key of SEGMENT_KEYS) if (missing[key] && sentBefore[key]) await forgetLostValues(target, key, send[key]);
  // A field created by this run may have been impossible to create before (the account's fields all taken): the
  // values held back meanwhile go out now, or they would wait for each client's next edit.
  const created = SEGMENT_KEYS.filter((key) => missing[key] && send[key] && writer.plan.available[key]);
  if (created.length > 0) await queueUnsentSegmentValues(target, created);
  await db.connection.update({
    where: { id: target.connectionId },
    data: { segmentFieldsError: problems.length > 0 ? problems.join(" ") : null },
  });
  return remember(runId, writer);
}

/**
 * The field is gone in the provider account and took its values with it: our books say nothing of ours is there any
 * more, and when the field is on, every client we had sent a value for goes out again (a later run picks up those
 * this run has already passed).
 */
async function forgetLostValues(target: ConnectionRef, key: SegmentKey, resend: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    if (resend) await markSegmentFieldPending(tx, target, key, "sent");
    if (key === "clientType") {
      await tx.$executeRaw`UPDATE "ClientSyncState" SET "syncedClientType" = NULL
        WHERE "connectionId" = ${target.connectionId}::uuid AND "syncedClientType" IS NOT NULL`;
    } else {
      await tx.$executeRaw`UPDATE "ClientSyncState" SET "syncedGroups" = NULL
        WHERE "connectionId" = ${target.connectionId}::uuid AND "syncedGroups" IS NOT NULL`;
    }
  });
  if (resend) await requestSync(target.businessId, "CLIENT_CHANGE");
}

/** Queues the opted-in clients whose value for one of `keys` never reached the provider; asks for a run if any. */
async function queueUnsentSegmentValues(target: ConnectionRef, keys: SegmentKey[]): Promise<void> {
  const marked = await db.$transaction(async (tx) => {
    let count = 0;
    for (const key of keys) count += await markUnsentSegmentValuesPending(tx, target, key);
    return count;
  });
  // A batch past the first may already have passed some of them: a later run sends those.
  if (marked > 0) await requestSync(target.businessId, "CLIENT_CHANGE");
}

function remember(runId: string, writer: RowWriter): RowWriter {
  if (writerByRun.size >= CACHED_RUNS) writerByRun.delete(writerByRun.keys().next().value!);
  writerByRun.set(runId, writer);
  return writer;
}
