// Decides, for a page of pending clients, what Constant Contact must hear. Pure: the caller loads the page and
// every client sharing an email with it (the family rule), and carries the plan out.
//
// - An email with at least one opted-in client is imported into the chosen list (one contact per email).
// - An email nobody wants any more that we put in the list is removed from the list (never deleted, never
//   unsubscribed, other lists untouched). An email changed away from is handled the same way.
// - A client unsubscribed in Constant Contact is left alone there (no call could help; we never re-subscribe).
import type { ClientSyncStatus } from "../generated/prisma/client";
import { mergeFamilyContacts } from "../clients/merge-family-contacts";
import type { ImportRow } from "../constant-contact/schemas";
import type { SyncClient } from "./pending-clients";
import { NO_SEGMENTS, segmentCells, type SegmentCells, type SegmentPlan } from "./segment-values";
import { toImportRow } from "./to-import-row";

export type ClientVersion = { id: string; version: number };
export type PlannedImport = {
  email: string;
  row: ImportRow;
  clients: ClientVersion[];
  /** The segment values the row carries (what the clients' profiles show once it completes); absent when none. */
  segment?: Omit<SegmentCells, "cells">;
};
export type PlannedRemoval = { email: string; contactId: string | null; clients: ClientVersion[] };
export type SettledOutcome = ClientVersion & { status: ClientSyncStatus; error?: string; clearSyncedEmail?: boolean };
export type PushPlan = { imports: PlannedImport[]; removals: PlannedRemoval[]; settled: SettledOutcome[] };

export function planPush(
  page: SyncClient[],
  related: SyncClient[],
  listId: string,
  segments: SegmentPlan = NO_SEGMENTS,
): PushPlan {
  const byEmail = new Map<string, SyncClient[]>();
  for (const clients of [page, related]) {
    for (const c of clients) {
      if (!c.emailNormalized) continue;
      const group = byEmail.get(c.emailNormalized);
      if (!group) byEmail.set(c.emailNormalized, [c]);
      else if (!group.some((g) => g.id === c.id)) group.push(c);
    }
  }
  const plan: PushPlan = { imports: [], removals: [], settled: [] };
  const decidedEmails = new Set<string>();
  const decidedClients = new Set<string>();
  const version = (c: SyncClient): ClientVersion => ({ id: c.id, version: c.syncVersion });
  const inOurList = (c: SyncClient, email: string) =>
    c.syncState?.syncedEmail === email && c.syncState.syncedListId === listId;

  const removeIfOurs = (email: string, clients: ClientVersion[]) => {
    const group = byEmail.get(email) ?? [];
    if (mergeFamilyContacts(group) !== null) return false; // still wanted by someone in the family
    const ours = group.find((c) => inOurList(c, email)) ?? page.find((c) => inOurList(c, email));
    if (!ours) return false;
    plan.removals.push({ email, contactId: ours.syncState?.ccContactId ?? null, clients });
    return true;
  };

  for (const client of page) {
    // An email changed away from: take the old address out of our list unless someone else still wants it.
    const previous = client.syncState?.syncedEmail;
    if (
      previous &&
      previous !== client.emailNormalized &&
      !decidedEmails.has(previous) &&
      client.syncState?.syncedListId === listId
    ) {
      decidedEmails.add(previous);
      removeIfOurs(previous, []);
    }
    if (decidedClients.has(client.id)) continue;

    const email = client.emailNormalized;
    if (!email) {
      decidedClients.add(client.id);
      plan.settled.push({ ...version(client), status: "NO_EMAIL", clearSyncedEmail: true });
      continue;
    }
    if (decidedEmails.has(email)) continue;
    decidedEmails.add(email);
    // The whole family is decided together (members that were not pending are simply confirmed).
    const members = byEmail.get(email) ?? [client];
    for (const c of members) decidedClients.add(c.id);
    const merged = mergeFamilyContacts(members);

    if (merged) {
      const converted = toImportRow(merged);
      if (!converted.ok) {
        for (const c of members) plan.settled.push({ ...version(c), status: "FAILED", error: converted.reason });
        continue;
      }
      // Usually every member is opted in (most families are one client): no filtering then.
      const everyone = merged.optedInClientIds.length === members.length;
      const optedIn = everyone ? members : members.filter((c) => merged.optedInClientIds.includes(c.id));
      const segment = segmentCells(optedIn, members, segments);
      const carriesSegment =
        segment.note !== null || segment.inFlight.clientType !== null || segment.inFlight.groups !== null;
      plan.imports.push({
        email,
        // Most rows carry no custom field: no copy of the row for them.
        row: carriesSegment ? { ...converted.row, ...segment.cells } : converted.row,
        clients: optedIn.map(version),
        segment: carriesSegment ? { inFlight: segment.inFlight, note: segment.note } : undefined,
      });
      if (everyone) continue;
      for (const c of members.filter((m) => !merged.optedInClientIds.includes(m.id))) {
        plan.settled.push({ ...version(c), status: "NOT_OPTED_IN" });
      }
      continue;
    }

    const unsubscribedInCc = members.filter((c) => c.unsubscribeSource === "CONSTANT_CONTACT");
    for (const c of unsubscribedInCc)
      plan.settled.push({ ...version(c), status: "UNSUBSCRIBED_IN_CC", clearSyncedEmail: true });
    const others = members.filter((c) => c.unsubscribeSource !== "CONSTANT_CONTACT");
    if (unsubscribedInCc.length > 0 || !removeIfOurs(email, others.map(version))) {
      for (const c of others) plan.settled.push({ ...version(c), status: "NOT_OPTED_IN", clearSyncedEmail: true });
    }
  }
  return plan;
}
