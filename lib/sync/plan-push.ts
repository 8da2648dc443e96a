// Decides, for a page of pending clients, what a connection's provider must hear. Pure: the caller loads the page and
// every client sharing an email with it (the family rule), and carries the plan out.
//
// - An email with at least one opted-in client is sent to the chosen list (one contact per email).
// - An email nobody wants any more that we put in the list stops receiving it (Constant Contact: taken out of the
//   list; Mailchimp: unsubscribed; never deleted, other lists untouched). An email changed away from likewise.
// - A client who unsubscribed in this provider is left alone there (no call could help; we never re-subscribe).
import type { ClientSyncStatus, ConsentChangeSource } from "../generated/prisma/client";
import { mergeFamilyContacts } from "../clients/merge-family-contacts";
import type { RowWriter } from "../integrations/provider";
import type { SyncClient } from "./queue";
import { segmentCells, type SegmentCells } from "./segments";

export type ClientVersion = { id: string; version: number };
export type PlannedImport = {
  email: string;
  /** The row as the provider's JSON. */
  row: string;
  clients: ClientVersion[];
  /** The segment values the row carries (what the clients' profiles show once it completes); absent when none. */
  segment?: Omit<SegmentCells, "cells">;
};
export type PlannedRemoval = { email: string; remoteId: string | null; clients: ClientVersion[] };
export type SettledOutcome = ClientVersion & { status: ClientSyncStatus; error?: string; clearSyncedEmail?: boolean };
export type PushPlan = { imports: PlannedImport[]; removals: PlannedRemoval[]; settled: SettledOutcome[] };

/** Whose unsubscribes this provider's list reflects (the consent source an unsubscribe there is recorded with). */
export type PlanTarget = { listId: string; writer: RowWriter; unsubscribeSource: ConsentChangeSource; name: string };

export function planPush(page: SyncClient[], related: SyncClient[], target: PlanTarget): PushPlan {
  const { listId, writer } = target;
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
    plan.removals.push({ email, remoteId: ours.syncState?.remoteId ?? null, clients });
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

    // The address bounced and the provider will not send to it: nothing to send, and no call could help.
    if (merged && members.some((c) => c.suppressed === "CLEANED")) {
      for (const c of members) plan.settled.push({ ...version(c), status: "BOUNCED" });
      continue;
    }
    if (merged) {
      // Usually every member is opted in (most families are one client): no filtering then.
      const everyone = merged.optedInClientIds.length === members.length;
      const optedIn = everyone ? members : members.filter((c) => merged.optedInClientIds.includes(c.id));
      const segment = segmentCells(optedIn, members, writer.plan, target.name);
      const carriesSegment =
        segment.note !== null || segment.inFlight.clientType !== null || segment.inFlight.groups !== null;
      const converted = writer.write(merged, carriesSegment ? segment : null, {
        unsubscribedThere: members.some((c) => c.suppressed === "UNSUBSCRIBED"),
      });
      if (!converted.ok) {
        for (const c of members) plan.settled.push({ ...version(c), status: "FAILED", error: converted.reason });
        continue;
      }
      plan.imports.push({
        email,
        row: converted.json,
        clients: optedIn.map(version),
        segment: carriesSegment ? { inFlight: segment.inFlight, note: segment.note } : undefined,
      });
      if (everyone) continue;
      for (const c of members.filter((m) => !merged.optedInClientIds.includes(m.id))) {
        plan.settled.push({ ...version(c), status: "NOT_OPTED_IN" });
      }
      continue;
    }

    // Unsubscribed in this provider: already not receiving there. Unsubscribed in another provider (or here): our
    // list drops the address like any opt-out.
    const unsubscribedThere = members.filter((c) => c.unsubscribeSource === target.unsubscribeSource);
    for (const c of unsubscribedThere)
      plan.settled.push({ ...version(c), status: "UNSUBSCRIBED_IN_PROVIDER", clearSyncedEmail: true });
    const others = members.filter((c) => c.unsubscribeSource !== target.unsubscribeSource);
    if (unsubscribedThere.length > 0 || !removeIfOurs(email, others.map(version))) {
      for (const c of others) plan.settled.push({ ...version(c), status: "NOT_OPTED_IN", clearSyncedEmail: true });
    }
  }
  return plan;
}
