import type { CcClient } from "../constant-contact/api-client";
import { markInFlight, settleOutcomes } from "./client-sync-state";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, ImportBatch } from "./import-batch";
import { clientsByEmail, pendingClientsPage } from "./pending-clients";
import { planPush, type PlannedImport, type PlannedRemoval, type SettledOutcome } from "./plan-push";
import { addToRun } from "./sync-runs";

const PAGE_SIZE = 1_000;
const REMOVE_CHUNK = 500; // remove_list_memberships takes at most 500 contact ids
// The largest row Constant Contact accepts: 50-character fields of 3-byte characters plus keys and quotes.
const WORST_CASE_ROW_BYTES = 720;

export type BatchSent = {
  /** The import activity to wait for, or null when this batch needed no import. */
  activityId: string | null;
  /** Keyset cursor: the last client id read. */
  afterId: string | null;
  /** No pending client is left after this batch. */
  done: boolean;
  imported: number;
};

/**
 * Reads pending clients page by page (keyset) while a whole page surely still fits into one import request
 * (40,000 rows, 3.5 MB), carries out removals on the way, sends the import, and marks its clients in flight.
 * Whole pages only, so no client is ever half-decided when a batch is cut. One step of the run.
 */
export async function sendNextBatch(
  input: { runId: string; businessId: string; listId: string; afterId: string | null },
  cc: CcClient,
): Promise<BatchSent> {
  const batch = new ImportBatch();
  const inBatch = new Map<string, PlannedImport>();
  let afterId = input.afterId;
  let done = false;
  let considered = 0;
  let failed = 0;
  let skipped = 0;
  const pageFits = () =>
    batch.size + PAGE_SIZE <= IMPORT_MAX_ROWS && batch.byteSize + PAGE_SIZE * WORST_CASE_ROW_BYTES <= IMPORT_MAX_BYTES;

  while (pageFits()) {
    const page = await pendingClientsPage(input.businessId, afterId, PAGE_SIZE);
    if (page.length > 0) afterId = page[page.length - 1]!.id;
    considered += page.length;
    const emails = new Set<string>();
    for (const c of page) {
      if (c.emailNormalized) emails.add(c.emailNormalized);
      if (c.syncState?.syncedEmail) emails.add(c.syncState.syncedEmail);
    }
    const plan = planPush(page, await clientsByEmail(input.businessId, [...emails]), input.listId);
    for (const item of plan.imports) {
      const already = inBatch.get(item.email);
      if (already) {
        // A family spread over two pages: one row, every member's version recorded.
        for (const c of item.clients) if (!already.clients.some((a) => a.id === c.id)) already.clients.push(c);
        continue;
      }
      if (!batch.tryAdd(item.row)) throw new Error("Import batch overflow: page sizing is wrong.");
      inBatch.set(item.email, item);
    }
    await carryOutRemovals(input, plan.removals, cc);
    await settleOutcomes(input.businessId, plan.settled);
    // Unsendable rows (invalid or over-long email) are failures; not opted in / no email / unsubscribed are skips.
    failed += plan.settled.filter((o) => o.status === "FAILED").length;
    skipped += plan.settled.filter((o) => o.status !== "FAILED").length;
    if (page.length < PAGE_SIZE) {
      done = true;
      break;
    }
  }

  await addToRun(input.runId, { considered, failed, skipped }, { phase: "sending" });
  if (batch.size === 0) return { activityId: null, afterId, done, imported: 0 };
  const activity = await cc.importContacts({ importData: batch.rows, listIds: [input.listId] });
  await markInFlight(
    input.businessId,
    activity.activity_id,
    [...inBatch.values()].flatMap((item) => item.clients.map((c) => ({ clientId: c.id, version: c.version, email: item.email }))),
  );
  await addToRun(input.runId, { sent: batch.size }, { phase: "importing", activityPercent: 0 });
  return { activityId: activity.activity_id, afterId, done, imported: batch.size };
}

/** Takes addresses out of our list only (never deleted, never unsubscribed); looks up contact ids we do not know. */
async function carryOutRemovals(input: { runId: string; businessId: string; listId: string }, removals: PlannedRemoval[], cc: CcClient) {
  if (removals.length === 0) return;
  const contactIds: string[] = [];
  for (const removal of removals) {
    const id = removal.contactId ?? (await cc.listContacts({ email: removal.email, status: "all", limit: 1 })).contacts[0]?.contact_id;
    if (id) contactIds.push(id);
  }
  for (let i = 0; i < contactIds.length; i += REMOVE_CHUNK) {
    await cc.removeListMemberships({ contactIds: contactIds.slice(i, i + REMOVE_CHUNK), listIds: [input.listId] });
  }
  const outcomes: SettledOutcome[] = removals.flatMap((r) => r.clients.map((c) => ({ ...c, status: "NOT_OPTED_IN" as const, clearSyncedEmail: true })));
  await settleOutcomes(input.businessId, outcomes);
  await addToRun(input.runId, { removed: removals.length });
}
