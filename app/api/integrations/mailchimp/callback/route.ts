import { NextResponse, type NextRequest } from "next/server";
import { requireBusinessContext } from "@/lib/auth/business-context";
import { NotAuthenticatedError } from "@/lib/errors";
import { env } from "@/lib/env";
import { completeConnect } from "@/lib/integrations/mailchimp/connection";
import { PROVIDER_WORDS } from "@/lib/provider-words";

/**
 * Where Mailchimp sends the owner back after logging in and allowing (or not). The page learns the outcome from a
 * code in the query string (`connected=1` or `error=<code>`), never from anything Mailchimp or the browser sent.
 */
export async function GET(request: NextRequest) {
  const target = new URL(PROVIDER_WORDS.MAILCHIMP.path, env().APP_URL);
  let outcome: { key: "connected" | "error"; value: string };
  try {
    const ctx = await requireBusinessContext();
    const result = await completeConnect(ctx, request.nextUrl.searchParams);
    outcome = result.ok ? { key: "connected", value: "1" } : { key: "error", value: result.error };
  } catch (error) {
    if (error instanceof NotAuthenticatedError) return NextResponse.redirect(new URL("/login", env().APP_URL), 303);
    console.error(`Mailchimp callback failed: ${error instanceof Error ? error.message : "unknown error"}`);
    outcome = { key: "error", value: "provider_error" };
  }
  target.searchParams.set(outcome.key, outcome.value);
  return NextResponse.redirect(target, 303);
}
