import { db } from "../db";
import { applyConstantContactUnsubscribe } from "../clients/apply-constant-contact-unsubscribe";
import type { CcClient } from "../constant-contact/api-client";
import { endRunOnPermanentError } from "./handle-sync-error";
import { requestSync } from "../jobs/request-sync";
import { leaseUntil, renewLease, STEP_RETRY_ALLOWANCE_MS } from "./run-lease";
import { addToRun, finishRun } from "./sync-runs";

/** Unsubscribes seen again within this window of the watermark are re-applied harmlessly (idempotent). */
const OVERLAP_MS = 60 * 60 * 1000;
const PAGE_LIMIT = 500;

/**
 * Pulls unsubscribes from Constant Contact for one connection and opts the matching clients out (source
 * "Constant Contact"). Constant Contact has no unsubscribe webhook, and `updated_after` does not see an opt-out
 * (it changes the email address, not the contact), so this scans `status=unsubscribed` by `_links.next` and
 * filters by opt-out date. The watermark moves only after the database commit, so a crash mid-scan repeats work
 * instead of losing it.
 *
 * One attempt of the pull run `runId` (lib/sync/open-pull-run.ts): it counts itself and its API calls into the
 * run. A transient failure keeps the run open with the error and is thrown, so the step is retried; the caller
 * closes the run as FAILED when no attempt is left.
 */
export async function pullUnsubscribes(
  input: { runId: string; connectionId: string },
  cc: CcClient,
  calls: { calls: number },
) {
  const started = await db.syncRun.updateMany({
    where: { id: input.runId, status: "RUNNING" },
    data: { attempts: { increment: 1 }, leaseExpiresAt: leaseUntil(new Date()) },
  });
  if (started.count === 0) return { runId: input.runId, unsubscribed: 0, seen: 0, stopped: "the run was closed" };
  const connection = await db.constantContactConnection.findUniqueOrThrow({ where: { id: input.connectionId } });
  const since = connection.unsubscribeWatermark
    ? new Date(connection.unsubscribeWatermark.getTime() - OVERLAP_MS)
    : null;
  const seen: { email: string; at: Date }[] = [];
  let newest = connection.unsubscribeWatermark;
  try {
    let cursor: string | undefined;
    do {
      const page = await cc.listContacts(
        cursor ? { cursorHref: cursor } : { status: "unsubscribed", limit: PAGE_LIMIT },
      );
      for (const contact of page.contacts) {
        const address = contact.email_address?.address;
        const when = contact.email_address?.opt_out_date ?? contact.email_address?.updated_at;
        if (!address || !when) continue;
        const at = new Date(when);
        if (Number.isNaN(at.getTime()) || (since && at < since)) continue;
        seen.push({ email: address, at });
        if (!newest || at > newest) newest = at;
      }
      cursor = page.next ?? undefined;
    } while (cursor);

    const changed = await db.$transaction(
      async (tx) => {
        const ids: string[] = [];
        for (const u of seen)
          ids.push(
            ...(await applyConstantContactUnsubscribe(
              { businessId: connection.businessId, email: u.email, unsubscribedAt: u.at },
              { tx },
            )),
          );
        await tx.constantContactConnection.update({
          where: { id: connection.id },
          data: {
            unsubscribeWatermark: newest,
            lastUnsubscribePullAt: new Date(),
            lastUnsubscribePullCalls: Math.max(1, calls.calls),
          },
        });
        return ids;
      },
      { timeout: 60_000 },
    );
    await addToRun(input.runId, { unsubscribesPulled: changed.length, considered: seen.length, apiCalls: calls.calls });
    await finishRun(input.runId, "SUCCEEDED");
    // The opted-out clients get their "unsubscribed in Constant Contact" status from the next push.
    if (changed.length > 0) await requestSync(connection.businessId, "CLIENT_CHANGE");
    return { runId: input.runId, unsubscribed: changed.length, seen: seen.length };
  } catch (error) {
    await addToRun(input.runId, { apiCalls: calls.calls }).catch(() => {});
    // Reconnect needed or quota spent: the run ends here (no retry would help); anything else is retried.
    if (await endRunOnPermanentError(input.runId, error))
      return { runId: input.runId, unsubscribed: 0, seen: 0, stopped: (error as Error).message };
    await recordAttemptFailed(input.runId, error).catch(() => {});
    throw error;
  }
}

/** The last error stays on the run while it waits for its next attempt (the lease covers the engine's backoff). */
async function recordAttemptFailed(runId: string, error: unknown): Promise<void> {
  await db.syncRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: { error: String((error as Error).message ?? error).slice(0, 2_000) },
  });
  await renewLease(runId, STEP_RETRY_ALLOWANCE_MS);
}
