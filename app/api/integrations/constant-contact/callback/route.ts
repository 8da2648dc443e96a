import { NextResponse, type NextRequest } from "next/server";
import { requireBusinessContext } from "@/lib/auth/business-context";
import { NotAuthenticatedError } from "@/lib/errors";
import { completeConnect } from "@/lib/integrations/constant-contact/connection";
import { env } from "@/lib/env";

const PAGE = "/setup/integrations/constant-contact";

/**
 * Where Constant Contact sends the owner back after Log In and Allow (or Deny). The page learns the outcome from
 * a code in the query string (`connected=1` or `error=<code>`), never from anything CC or the browser sent.
 */
export async function GET(request: NextRequest) {
  const target = new URL(PAGE, env().APP_URL);
  let outcome: { key: "connected" | "error"; value: string };
  try {
    const ctx = await requireBusinessContext();
    const result = await completeConnect(ctx, request.nextUrl.searchParams);
    outcome = result.ok ? { key: "connected", value: "1" } : { key: "error", value: result.error };
  } catch (error) {
    if (error instanceof NotAuthenticatedError) return NextResponse.redirect(new URL("/login", env().APP_URL), 303);
    console.error(`Constant Contact callback failed: ${error instanceof Error ? error.message : "unknown error"}`);
    outcome = { key: "error", value: "provider_error" };
  }
  target.searchParams.set(outcome.key, outcome.value);
  return NextResponse.redirect(target, 303);
}
