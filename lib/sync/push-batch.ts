// One batch of a push run: read the queue, decide, send, and record what became of it. Provider-neutral: the
// connection's provider session writes the rows, sends them and says how the batch went.
import { db } from "../db";
import type { BatchOutcome, ProviderSession } from "../integrations/provider";
import {
  inFlightTuple,
  markInFlight,
  recordImported,
  recordImportFailed,
  recordRejected,
  settleOutcomes,
  type ConnectionRef,
} from "./client-sync-state";
import { JsonArrayBytes } from "./json-array-bytes";
import {
  planPush,
  type ClientVersion,
  type PlannedImport,
  type PlannedRemoval,
  type PlanTarget,
  type SettledOutcome,
} from "./plan-push";
import { adapterFor } from "./providers";
import { clientsByEmail, pendingClientsPage, type PendingClient, type SyncClient } from "./queue";
import { RowBatch } from "./row-batch";
import { applyRemoteChangesNow, recordOwnUnsubscribes } from "./remote-changes";
import { addToRun, type RunRecorder } from "./runs";
import { resolveSegmentFields } from "./segments";

// Read in chunks (one statement each, with the family members of the chunk's shared emails in a second), decided in
// slices: a slice's rows go into the batch whole or not at all, so the batch fills to within a slice of its limit
// and no client is ever half-decided when a batch is cut. Chunks of 2,000: a chunk's objects then mostly die before
// the garbage collector moves them to the old generation, which is what drove the sync's peak memory.
const CHUNK_SIZE = 2_000;
const SLICE_SIZE = 100;

/** The connection a run pushes to: its list and provider. */
export type PushTarget = ConnectionRef & { provider: Parameters<typeof adapterFor>[0]; listId: string };

export type BatchSent = {
  /** The batch to wait for, or null when it needed no check (nothing sent, or the provider answered at once). */
  batchId: string | null;
  /** When the provider accepted the batch (epoch ms), or when the batch ended without one. */
  sentAt: number;
  /** Keyset cursor: the last client id decided. */
  afterId: string | null;
  /** No pending client is left after this batch. */
  done: boolean;
  imported: number;
};

type SendInput = {
  runId: string;
  target: PushTarget;
  afterId: string | null;
  sentThisRun?: readonly string[];
  /** Records the batch's counts once it is sent (default: at once). */
  recordLast?: RunRecorder;
};

/** The counts a batch records after its calls: at once, unless the caller holds them (see RunRecorder). */
const recorderOf = (input: { runId: string; recordLast?: RunRecorder }): RunRecorder =>
  input.recordLast ?? ((counts, progress) => addToRun(input.runId, counts, progress));

/**
 * Reads pending clients chunk by chunk (keyset), decides them slice by slice until the batch is full (the provider's
 * rows and bytes), carries out removals, sends the batch, and marks its clients in flight. The bookkeeping of the
 * batch is a few set-based statements, whatever its size. One step of the run.
 */
export async function sendNextBatch(input: SendInput, session: ProviderSession): Promise<BatchSent> {
  // The rows of the batch and, for each client they stand for, what its bookkeeping records once the batch is
  // accepted: bytes outside the heap, freed as soon as the batch is done.
  const batch = new RowBatch(session.batchLimits.rows, session.batchLimits.bytes);
  const inFlight = new JsonArrayBytes();
  try {
    return await fillAndSend(input, session, batch, inFlight);
  } finally {
    batch.release();
    inFlight.release();
  }
}

async function fillAndSend(
  input: SendInput,
  session: ProviderSession,
  batch: RowBatch,
  inFlight: JsonArrayBytes,
): Promise<BatchSent> {
  const { target } = input;
  const emailsInBatch = new Set<string>(); // one row per email
  const removals: PlannedRemoval[] = [];
  const settled: SettledOutcome[] = [];
  let afterId = input.afterId;
  let done = false;
  let full = false;
  let considered = 0;
  const writer = await resolveSegmentFields(target, input.runId, session);
  const adapter = adapterFor(target.provider);
  const plan: PlanTarget = {
    listId: target.listId,
    writer,
    unsubscribeSource: target.provider,
    name: adapter.words.name,
  };

  const readChunk = (after: string | null) => {
    const read = pendingClientsPage(target.connectionId, after, CHUNK_SIZE, {
      sentThisRun: input.sentThisRun,
      withGroups: writer.plan.send.groups,
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
    const family = await familiesOf(target, chunk, writer.plan.send.groups);
    for (let start = 0; start < chunk.length; start += SLICE_SIZE) {
      const slice = chunk.slice(start, start + SLICE_SIZE);
      // A client already on its way in this run's earlier batch is family context here, not sent again.
      const toDecide = slice.filter((c) => !c.sentThisRun);
      const decided = planPush(toDecide, relatedTo(toDecide, family), plan);
      // An email already in the batch is a family spread over two slices, decided whole with the first: its row
      // and clients stay as they were added (a client that joined the family since stays pending for the next run).
      const fresh = decided.imports.filter((item) => !emailsInBatch.has(item.email));
      if (!batch.tryAddAll(fresh.map((item) => item.row))) {
        full = true;
        break;
      }
      for (const item of fresh) {
        emailsInBatch.add(item.email);
        for (const c of item.clients) inFlight.push(inFlightTupleOf(c, item));
      }
      removals.push(...decided.removals);
      settled.push(...decided.settled);
      considered += toDecide.length;
      afterId = slice[slice.length - 1]!.id;
    }
    if (!full && chunk.length < CHUNK_SIZE) done = true;
  }

  await carryOutRemovals(input.runId, target, removals, session);
  await settleOutcomes(target, settled);
  // Unsendable rows (invalid or over-long email) are failures; not opted in / no email / unsubscribed are skips.
  const failed = settled.filter((o) => o.status === "FAILED").length;
  await addToRun(input.runId, { considered, failed, skipped: settled.length - failed }, { phase: "sending" });
  if (batch.size === 0) return { batchId: null, sentAt: Date.now(), afterId, done, imported: 0 };
  const submitted = await session.submit(batch.serialized, target.listId);
  const sentAt = Date.now();
  await markInFlight(target, submitted.batchId, inFlight);
  const record = recorderOf(input);
  await record({ sent: batch.size }, { phase: "importing", activityPercent: 0 });
  if (submitted.outcome) {
    // The provider answered at once: nothing to wait for.
    await recordOutcome(input.runId, target, submitted.batchId, submitted.outcome, { record });
    return { batchId: null, sentAt, afterId, done, imported: batch.size };
  }
  return { batchId: submitted.batchId, sentAt, afterId, done, imported: batch.size };
}

/**
 * Settles, without a run or a call, the queued clients among `clientIds` whose push would only write down an outcome:
 * the push's own decision (planPush) for clients whose address nobody in the business wants any more, where that
 * decision sends nothing (unsubscribed or bounced in this provider, no email). A pull that opted clients out because
 * they unsubscribed in the provider would otherwise start a push run per business to record just that (about thirty
 * statements; on a busy day's stretch a third of the push runs made no call). Everything else stays queued for the
 * push: an address someone still wants, one to take out of the list, a client on its way in a batch (whose answer
 * records it). Returns how many of `clientIds` stay queued.
 */
export async function settleWithoutCall(target: PushTarget, clientIds: readonly string[]): Promise<number> {
  if (clientIds.length === 0) return 0;
  // One statement text (and plan) for the usual few: the limit only caps what `only` already bounds.
  const take = Math.max(clientIds.length, CHUNK_SIZE);
  const pending = await pendingClientsPage(target.connectionId, null, take, { only: clientIds });
  const family = await familiesOf(target, pending, false);
  // Nobody in the family wants the address: planPush writes no row for them, so no row writer is needed.
  const unwanted = pending.filter((c) => ![c, ...relatedTo([c], family)].some((member) => member.newsOptIn));
  const decided = planPush(unwanted, relatedTo(unwanted, family), {
    listId: target.listId,
    writer: NO_ROWS,
    unsubscribeSource: target.provider,
    name: adapterFor(target.provider).words.name,
  });
  if (decided.imports.length > 0 || decided.removals.length > 0) return clientIds.length;
  await settleOutcomes(target, decided.settled);
  const settled = new Set(decided.settled.map((o) => o.id));
  return clientIds.filter((id) => !settled.has(id)).length;
}

/** The writer of settleWithoutCall, which only decides clients nobody wants: planPush never asks it for a row. */
const NO_ROWS: PlanTarget["writer"] = {
  plan: {
    send: { clientType: false, groups: false },
    available: { clientType: false, groups: false },
    maxValueLength: { clientType: 0, groups: 0 },
  },
  write: () => {
    throw new Error("settleWithoutCall decided a row: only clients nobody wants may be settled without a call.");
  },
};

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

export type BatchChecked = { done: boolean; percent: number };

/** Looks at a batch once; when it has finished, records its outcome (see recordOutcome). */
export async function checkBatch(
  input: { runId: string; target: PushTarget; batchId: string; recordLast?: RunRecorder },
  session: ProviderSession,
): Promise<BatchChecked> {
  const check = await session.check(input.batchId, input.target.listId);
  const record = recorderOf(input);
  if (!check.done) {
    await record({}, { phase: "importing", activityPercent: check.percent });
    return { done: false, percent: check.percent };
  }
  await recordOutcome(input.runId, input.target, input.batchId, check.outcome, { record });
  return { done: true, percent: 100 };
}

/**
 * Records a finished batch: rows the provider refused leave it with their reason (or as unsubscribed there, which
 * withdraws the client's consent here: the person said so in the provider), every other client in it is in the list
 * (compare-and-delete on their queued versions). A batch that failed as a whole leaves its clients pending with the
 * reason; they go out again in a later run.
 */
export async function recordOutcome(
  runId: string,
  target: PushTarget,
  batchId: string,
  outcome: BatchOutcome,
  options: { sentAt?: Date; record?: RunRecorder } = {},
) {
  const record = options.record ?? recorderOf({ runId });
  if (!outcome.ok) {
    const failed = await recordImportFailed(target, batchId, outcome.reason);
    await record({ failed }, { activityPercent: 100 });
    return;
  }
  const name = adapterFor(target.provider).words.name;
  const rejected = await recordRejected(target, batchId, [
    ...outcome.rejected.map((r) => ({ email: r.email, status: "FAILED" as const, reason: r.reason })),
    ...outcome.unsubscribed.map((u) => ({
      email: u.email,
      status: "UNSUBSCRIBED_IN_PROVIDER" as const,
      reason: `${u.reason === "cleaned" ? "The address bounced" : "The person unsubscribed"} in ${name}.`,
    })),
  ]);
  // The provider refused because the person unsubscribed or bounced there: we know it now (consent, suppression).
  await applyRemoteChangesNow(
    { id: target.connectionId, businessId: target.businessId, provider: target.provider },
    outcome.unsubscribed.map((u) => ({ email: u.email, at: new Date(), kind: u.reason })),
  );
  const recorded = await recordImported(target, batchId, target.listId, options.sentAt);
  await record(
    {
      ...recorded,
      failed: outcome.unitemizedFailures + rejected.failed,
      skipped: outcome.skipped + rejected.unsubscribed,
    },
    { activityPercent: 100 },
  );
}

/**
 * The chunk's clients and every other client sharing an email with them (current or last synced), by email. Only the
 * emails that have such clients are looked up: most clients have an email of their own (the chunk's read says which
 * do not), and a business's full sync would otherwise look up every email to find nobody.
 */
async function familiesOf(
  target: ConnectionRef,
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
    target,
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

/** Addresses stop receiving our list (never deleted; other lists untouched). */
async function carryOutRemovals(
  runId: string,
  target: PushTarget,
  removals: PlannedRemoval[],
  session: ProviderSession,
) {
  if (removals.length === 0) return;
  await session.remove(
    removals.map((r) => ({ email: r.email, remoteId: r.remoteId })),
    target.listId,
  );
  // Where leaving our list means being unsubscribed there, the push must ask before subscribing the address again.
  if (adapterFor(target.provider).removalUnsubscribes)
    await recordOwnUnsubscribes(
      target.connectionId,
      removals.map((r) => r.email),
    );
  const outcomes: SettledOutcome[] = removals.flatMap((r) =>
    r.clients.map((c) => ({ ...c, status: "NOT_OPTED_IN" as const, clearSyncedEmail: true })),
  );
  await settleOutcomes(target, outcomes);
  await addToRun(runId, { removed: removals.length });
}

/** Growing pauses between looks at a batch: 1 s, 2 s, 4 s … up to 30 s. */
export function batchPollDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}

/** The connection a push run works on, as the engine needs it (null when it is gone). */
export async function loadPushTarget(connectionId: string): Promise<(PushTarget & { status: string }) | null> {
  const connection = await db.connection.findUnique({
    where: { id: connectionId },
    select: { id: true, businessId: true, provider: true, listId: true, status: true },
  });
  if (!connection?.listId) return null;
  return {
    connectionId: connection.id,
    businessId: connection.businessId,
    provider: connection.provider,
    listId: connection.listId,
    status: connection.status,
  };
}
