import { requireBusinessContext } from "@/lib/auth/business-context";
import { NotAuthenticatedError } from "@/lib/auth/errors";
import { syncStatus } from "@/lib/sync/status/sync-status";

export const dynamic = "force-dynamic";

/** The sync status panel polls this (owners and staff of the current business). */
export async function GET() {
  try {
    const ctx = await requireBusinessContext();
    return Response.json(await syncStatus(ctx), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof NotAuthenticatedError) return Response.json({ error: "Sign in to continue." }, { status: 401 });
    return Response.json({ error: "Not found." }, { status: 404 });
  }
}
