import Link from "next/link";
import { db } from "@/lib/db";

const LONG_PAUSE_MS = 60 * 60 * 1000;

/**
 * Across the whole admin shell: the Constant Contact connection needs the owner (reconnect), or syncing has been
 * paused for a long time by the platform's daily quota. Shorter hiccups only show on the integration page.
 */
export async function ConstantContactAttentionBanner({ businessId }: { businessId: string }) {
  const connection = await db.constantContactConnection.findUnique({ where: { businessId }, select: { status: true, quotaPausedUntil: true } });
  let message: string | null = null;
  if (connection?.status === "NEEDS_RECONNECT") message = "Constant Contact needs to be reconnected: syncing is paused until the owner reconnects.";
  else if (connection?.status === "ACTIVE" && connection.quotaPausedUntil && connection.quotaPausedUntil.getTime() - Date.now() > LONG_PAUSE_MS) {
    message = `Constant Contact syncing is paused until ${connection.quotaPausedUntil.toISOString().slice(11, 16)} UTC (daily request limit reached).`;
  }
  if (!message) return null;
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-900" data-testid="cc-attention-banner">
      {message} <Link href="/setup/integrations/constant-contact" className="font-medium underline">Open Constant Contact</Link>
    </div>
  );
}
