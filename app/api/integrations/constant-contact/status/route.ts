import { requireBusinessContext } from "@/lib/auth/business-context";
import { routeErrorResponse } from "@/lib/http/route-error-response";
import { syncStatus } from "@/lib/sync/status/sync-status";

export const dynamic = "force-dynamic";

/** The sync status panel polls this (owners and staff of the current business). */
export async function GET() {
  try {
    const ctx = await requireBusinessContext();
    return Response.json(await syncStatus(ctx), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return routeErrorResponse(error);
  }
}
