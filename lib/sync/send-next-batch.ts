import type { CcClient } from "../constant-contact/api-client";
import { inFlightTuple, markInFlight, settleOutcomes } from "./client-sync-state";
import { ImportBatch } from "./import-batch";
import { JsonArrayBytes } from "./json-array-bytes";
import { clientsByEmail, pendingClientsPage, type PendingClient, type SyncClient } from "./pending-clients";
import {
  planPush,
  type ClientVersion,
  type PlannedImport,
  type PlannedRemoval,
  type SettledOutcome,
} from "./plan-push";
import { resolveSegmentFields } from "./resolve-segment-fields";
import { addToRun } from "./sync-runs";

// Read in chunks (one statement each, with the family members of the chunk's shared emails in a second), decided in
// slices: a slice's rows go into the batch whole or not at all, so the batch fills to within a slice of 3.5 MB
// and no client is ever half-decided when a batch is cut. Chunks of 2,000: a chunk's objects then mostly die before
// the garbage collector moves them to the old generation, which is what drove the sync's peak memory (10,000 cost
// about 40 MB more at the peak; 1,000 saves little more and costs two round trips more per 2,000 clients).
const CHUNK_SIZE = 2_000;
const SLICE_SIZE = 100;
const REMOVE_CHUNK = 500; // remove_list_memberships takes at most 500 contact ids

export type BatchSent = {
  /** The import activity to wait for, or null when this batch needed no import. */
  activityId: string | null;
  /** When Constant Contact accepted the import (epoch ms), or when the batch ended without one. */
  sentAt: number;
  /** Keyset cursor: the last client id decided. */
  afterId: string | null;
  /** No pending client is left after this batch. */
  done: boolean;
  imported: number;
};

type BatchInput = {
  runId: string;
  businessId: string;
  listId: string;
  afterId: string | null;
  /** The import activities this run sent before this batch (see pendingClientsPage). */
  sentThisRun?: readonly string[];
};

/**
 * Reads pending clients chunk by chunk (keyset), decides them slice by slice until the import request is full
 * (40,000 rows, 3.5 MB), carries out removals, sends the import, and marks its clients in flight. The bookkeeping
 * of the batch is a few set-based statements, whatever its size. One step of the run.
 */
export async function sendNextBatch(input: BatchInput, cc: CcClient): Promise<BatchSent> {
  // The rows of the import and, for each client they stand for, what its bookkeeping records once the import is
  // accepted: bytes outside the heap, freed as soon as the batch is done.
  const batch = new ImportBatch();
  const inFlight = new JsonArrayBytes();
  try {
    return await fillAndSend(input, cc, batch, inFlight);
  } finally {
    batch.release();
    inFlight.release();
  }
}

async function fillAndSend(
  input: BatchInput,
  cc: CcClient,
  batch: ImportBatch,
  inFlight: JsonArrayBytes,
): Promise<BatchSent> {
  const emailsInBatch = new Set<string>(); // one row per email
  const removals: PlannedRemoval[] = [];
  const settled: SettledOutcome[] = [];
  let afterId = input.afterId;
  let done = false;
  let full = false;
  let considered = 0;
  const segments = await resolveSegmentFields(input.businessId, input.runId, cc);

  const readChunk = (after: string | null) => {
    const read = pendingClientsPage(input.businessId, after, CHUNK_SIZE, {
      sentThisRun: input.sentThisRun,
      withGroups: segments.send.groups,
    });
    read.catch(() => {}); // awaited below, or abandoned when the batch fills up: never an unhandled rejection
    return read;
  };
  let nextChunk = readChunk(afterId);
  while (!full && !done) {
    const chunk = await nextChunk;
    // The next chunk is read while this one's families are looked up and it is decided: the database works on one
    // while this process works on the other. Nothing is written before the loop ends, so reading ahead sees what
    // reading afterwards would; a chunk read ahead of a batch that fills up is dropped (the next batch reads on from
    // the last client decided).
    if (chunk.length === CHUNK_SIZE) nextChunk = readChunk(chunk[chunk.length - 1]!.id);
    const family = await familiesOf(input.businessId, chunk, segments.send.groups);
    for (let start = 0; start < chunk.length; start += SLICE_SIZE) {
      const slice = chunk.slice(start, start + SLICE_SIZE);
      // A client already on its way in this run's earlier import is family context here, not sent again.
      const toDecide = slice.filter((c) => !c.sentThisRun);
      const plan = planPush(toDecide, relatedTo(toDecide, family), input.listId, segments);
      // An email already in the batch is a family spread over two slices, decided whole with the first: its row
      // and clients stay as they were added (a client that joined the family since stays pending for the next run).
      const fresh = plan.imports.filter((item) => !emailsInBatch.has(item.email));
      if (!batch.tryAddAll(fresh.map((item) => item.row))) {
        full = true;
        break;
      }
      for (const item of fresh) {
        emailsInBatch.add(item.email);
        for (const c of item.clients) inFlight.push(inFlightTupleOf(c, item));
      }
      removals.push(...plan.removals);
      settled.push(...plan.settled);
      considered += toDecide.length;
      afterId = slice[slice.length - 1]!.id;
    }
    if (!full && chunk.length < CHUNK_SIZE) done = true;
  }

  await carryOutRemovals(input, removals, cc);
  await settleOutcomes(input.businessId, settled);
  // Unsendable rows (invalid or over-long email) are failures; not opted in / no email / unsubscribed are skips.
  const failed = settled.filter((o) => o.status === "FAILED").length;
  await addToRun(input.runId, { considered, failed, skipped: settled.length - failed }, { phase: "sending" });
  if (batch.size === 0) return { activityId: null, sentAt: Date.now(), afterId, done, imported: 0 };
  const activity = await cc.importContacts({ importData: batch.importData, listIds: [input.listId] });
  const sentAt = Date.now();
  await markInFlight(input.businessId, activity.activity_id, inFlight);
  await addToRun(input.runId, { sent: batch.size }, { phase: "importing", activityPercent: 0 });
  return { activityId: activity.activity_id, sentAt, afterId, done, imported: batch.size };
}

/** A client of a row going into the batch, with the row's email and segment values (see markInFlight). */
function inFlightTupleOf(client: ClientVersion, row: PlannedImport): string {
  return inFlightTuple({
    clientId: client.id,
    version: client.version,
    email: row.email,
    clientType: row.segment?.inFlight.clientType,
    groups: row.segment?.inFlight.groups,
    segmentNote: row.segment?.note,
  });
}

/**
 * The chunk's clients and every other client sharing an email with them (current or last synced), by email. Only the
 * emails that have such clients are looked up: most clients have an email of their own (the chunk's read says which
 * do not), and a business's first sync would otherwise look up every email to find nobody.
 */
async function familiesOf(
  businessId: string,
  chunk: PendingClient[],
  withGroups: boolean,
): Promise<Map<string, SyncClient[]>> {
  const emails = new Set<string>();
  for (const c of chunk) {
    if (c.emailNormalized && c.hasFamily) emails.add(c.emailNormalized);
    const synced = c.syncState?.syncedEmail;
    if (synced && synced !== c.emailNormalized) emails.add(synced); // an email changed away from
  }
  const others = await clientsByEmail(
    businessId,
    [...emails],
    chunk.map((c) => c.id),
    withGroups,
  );
  const byEmail = new Map<string, SyncClient[]>();
  for (const c of [...chunk, ...others]) {
    if (!c.emailNormalized) continue;
    const group = byEmail.get(c.emailNormalized);
    if (group) group.push(c);
    else byEmail.set(c.emailNormalized, [c]);
  }
  return byEmail;
}

/** What planPush needs besides the slice: the members of its clients' families (current and last synced email). */
function relatedTo(slice: SyncClient[], family: Map<string, SyncClient[]>): SyncClient[] {
  const related: SyncClient[] = [];
  for (const c of slice) {
    for (const email of [c.emailNormalized, c.syncState?.syncedEmail]) {
      const group = email ? family.get(email) : undefined;
      if (group) related.push(...group); // planPush skips a client given twice
    }
  }
  return related;
}

/** Takes addresses out of our list only (never deleted, never unsubscribed); looks up contact ids we do not know. */
async function carryOutRemovals(
  input: { runId: string; businessId: string; listId: string },
  removals: PlannedRemoval[],
  cc: CcClient,
) {
  if (removals.length === 0) return;
  const contactIds: string[] = [];
  for (const removal of removals) {
    const id =
      removal.contactId ??
      (await cc.listContacts({ email: removal.email, status: "all", limit: 1 })).contacts[0]?.contact_id;
    if (id) contactIds.push(id);
  }
  for (let i = 0; i < contactIds.length; i += REMOVE_CHUNK) {
    await cc.removeListMemberships({ contactIds: contactIds.slice(i, i + REMOVE_CHUNK), listIds: [input.listId] });
  }
  const outcomes: SettledOutcome[] = removals.flatMap((r) =>
    r.clients.map((c) => ({ ...c, status: "NOT_OPTED_IN" as const, clearSyncedEmail: true })),
  );
  await settleOutcomes(input.businessId, outcomes);
  await addToRun(input.runId, { removed: removals.length });
}
