import { requireBusinessContext } from "@/lib/auth/business-context";
import { routeErrorResponse } from "@/lib/http/route-error-response";
import { PROVIDER_BY_SLUG } from "@/lib/clients/list-clients";
import { syncStatus } from "@/lib/sync/status/sync-status";

export const dynamic = "force-dynamic";

/** A connection's sync status panel polls this (owners and staff of the current business). */
export async function GET(_request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const provider = PROVIDER_BY_SLUG[(await params).provider];
  if (!provider) return Response.json({ error: "Not found." }, { status: 404 });
  try {
    const ctx = await requireBusinessContext();
    return Response.json(await syncStatus(ctx, provider), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return routeErrorResponse(error);
  }
}
