import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { requireBusinessContext, type BusinessContext } from "../auth/business-context";
import { env } from "../env";
import { NotAuthenticatedError } from "../errors";
import type { Provider } from "../generated/prisma/enums";
import { PROVIDER_WORDS } from "../provider-words";

type CompleteConnect = (
  ctx: BusinessContext,
  params: URLSearchParams,
) => Promise<{ ok: true } | { ok: false; error: string }>;

/**
 * Where a provider sends the owner back after logging in and allowing (or denying). The integration page learns the
 * outcome from a code in the query string (`connected=1` or `error=<code>`), never from anything the provider or the
 * browser sent.
 */
export async function answerOAuthCallback(
  request: NextRequest,
  provider: Provider,
  completeConnect: CompleteConnect,
): Promise<NextResponse> {
  const target = new URL(PROVIDER_WORDS[provider].path, env().APP_URL);
  let outcome: { key: "connected" | "error"; value: string };
  try {
    const ctx = await requireBusinessContext();
    const result = await completeConnect(ctx, request.nextUrl.searchParams);
    outcome = result.ok ? { key: "connected", value: "1" } : { key: "error", value: result.error };
  } catch (error) {
    if (error instanceof NotAuthenticatedError) return NextResponse.redirect(new URL("/login", env().APP_URL), 303);
    const reason = error instanceof Error ? error.message : "unknown error";
    console.error(`${PROVIDER_WORDS[provider].name} callback failed: ${reason}`);
    outcome = { key: "error", value: "provider_error" };
  }
  target.searchParams.set(outcome.key, outcome.value);
  return NextResponse.redirect(target, 303);
}
