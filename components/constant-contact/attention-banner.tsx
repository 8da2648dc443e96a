import Link from "next/link";
import { db } from "@/lib/db";
import { attentionOf } from "@/lib/sync/status/sync-status";

const LONG_PAUSE_MS = 60 * 60 * 1000;

/**
 * Across the whole admin shell: the Constant Contact connection needs the owner (reconnect), or syncing has been
 * paused for a long time by the platform's daily quota. The wording is the status panel's (attentionOf); shorter
 * pauses and "choose a list" only show on the integration page.
 */
export async function ConstantContactAttentionBanner({ businessId }: { businessId: string }) {
  const connection = await db.constantContactConnection.findUnique({
    where: { businessId },
    select: { status: true, quotaPausedUntil: true, lastUnsubscribePullAt: true },
  });
  const now = new Date();
  const attention = attentionOf(connection, now);
  const long = (connection?.quotaPausedUntil?.getTime() ?? 0) - now.getTime() > LONG_PAUSE_MS;
  if (!attention || attention.kind === "choose_list" || (attention.kind === "quota_paused" && !long)) return null;
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-900" data-testid="cc-attention-banner">
      {attention.message} <Link href="/setup/integrations/constant-contact" className="font-medium underline">Open Constant Contact</Link>
    </div>
  );
}
