import { db } from "../db";
import { applyConstantContactUnsubscribe } from "../clients/apply-constant-contact-unsubscribe";
import type { CcClient } from "../constant-contact/api-client";
import { endRunOnPermanentError } from "./handle-sync-error";
import { requestSync } from "../jobs/request-sync";
import { addToRun, createRun, finishRun } from "./sync-runs";

/** Unsubscribes seen again within this window of the watermark are re-applied harmlessly (idempotent). */
const OVERLAP_MS = 60 * 60 * 1000;
const PAGE_LIMIT = 500;

/**
 * Pulls unsubscribes from Constant Contact for one connection and opts the matching clients out (source
 * "Constant Contact"). Constant Contact has no unsubscribe webhook, and `updated_after` does not see an opt-out
 * (it changes the email address, not the contact), so this scans `status=unsubscribed` by `_links.next` and
 * filters by opt-out date. The watermark moves only after the database commit, so a crash mid-scan repeats work
 * instead of losing it.
 */
export async function pullUnsubscribes(input: { connectionId: string; trigger?: "SCHEDULE" | "MANUAL" }, cc: CcClient, calls: { calls: number }) {
  const connection = await db.constantContactConnection.findUniqueOrThrow({ where: { id: input.connectionId } });
  const run = await createRun({ businessId: connection.businessId, connectionId: connection.id, kind: "UNSUBSCRIBE_PULL", trigger: input.trigger ?? "SCHEDULE" });
  const since = connection.unsubscribeWatermark ? new Date(connection.unsubscribeWatermark.getTime() - OVERLAP_MS) : null;
  const seen: { email: string; at: Date }[] = [];
  let newest = connection.unsubscribeWatermark;
  try {
    let cursor: string | undefined;
    do {
      const page = await cc.listContacts(cursor ? { cursorHref: cursor } : { status: "unsubscribed", limit: PAGE_LIMIT });
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
        for (const u of seen) ids.push(...(await applyConstantContactUnsubscribe({ businessId: connection.businessId, email: u.email, unsubscribedAt: u.at }, { tx })));
        await tx.constantContactConnection.update({
          where: { id: connection.id },
          data: { unsubscribeWatermark: newest, lastUnsubscribePullAt: new Date(), lastUnsubscribePullCalls: Math.max(1, calls.calls) },
        });
        return ids;
      },
      { timeout: 60_000 },
    );
    await addToRun(run.id, { unsubscribesPulled: changed.length, considered: seen.length, apiCalls: calls.calls });
    await finishRun(run.id, "SUCCEEDED");
    // The opted-out clients get their "unsubscribed in Constant Contact" status from the next push.
    if (changed.length > 0) await requestSync(connection.businessId, "CLIENT_CHANGE");
    return { runId: run.id, unsubscribed: changed.length, seen: seen.length };
  } catch (error) {
    await addToRun(run.id, { apiCalls: calls.calls }).catch(() => {});
    // Reconnect needed or quota spent: the run ends here (no retry would help); anything else is retried.
    if (await endRunOnPermanentError(run.id, error)) return { runId: run.id, unsubscribed: 0, seen: 0, stopped: (error as Error).message };
    await finishRun(run.id, "FAILED", (error as Error).message);
    throw error;
  }
}
