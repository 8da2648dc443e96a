// Every V3 call passes the same gate, in CC's order: a valid bearer token (401), the API key's rate limits (429,
// no Retry-After header: CC documents none), then the scope the endpoint needs (403).
import type { Sandbox } from "../context";
import type { Handler, Reply, RequestContext } from "../../http";
import { verifyAccessToken, type AccessContext } from "../oauth/tokens";
import { ccError, forbidden, unauthorized } from "./errors";

export type Scope = "contact_data" | "account_read" | "campaign_data";
export type ApiHandler = (ctx: RequestContext, access: AccessContext) => Reply | Promise<Reply>;

export function apiRoute(sandbox: Sandbox, scope: Scope, handler: ApiHandler): Handler {
  return (ctx) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
    const access = match?.[1] ? verifyAccessToken(sandbox.state, match[1]) : null;
    if (!access) throw unauthorized();
    const verdict = sandbox.rateLimiter.checkApi(access.grant.clientId);
    if (verdict === "throttled") throw throttled();
    if (verdict === "quota_exceeded") throw quotaExceeded();
    if (!access.scopes.includes(scope)) throw forbidden();
    return handler(ctx, access);
  };
}

export const throttled = () =>
  ccError(429, "throttled", "Too many requests. You exceeded the request rate limit of your API key.");
export const quotaExceeded = () =>
  ccError(429, "quota_exceeded", "Too many requests. You exceeded the daily request quota of your API key.");
