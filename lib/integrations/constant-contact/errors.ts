import { ReconnectRequired } from "../provider";

// Everything that can go wrong talking to Constant Contact, as classes callers can tell apart. Messages never carry
// tokens or response bodies of the token endpoint; V3 error bodies (`[{error_key, error_message}]`) are safe to keep.

export type CcErrorDetail = { error_key?: string; error_message?: string };

export class CcApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly endpoint: string,
    readonly details: CcErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
  get errorKey(): string | undefined {
    return this.details[0]?.error_key;
  }
}

/** 401 even after one refresh: the token is not accepted. */
export class CcUnauthorizedError extends CcApiError {}

/** 403: a scope is missing or the application was deactivated. */
export class CcForbiddenError extends CcApiError {}

/**
 * 429. `throttled`: over the per-second limit (retried with backoff before this is thrown). `quota_exceeded`: the
 * API key's daily quota is spent; never retried: pause the work until 00:00 UTC (`resumeAt`).
 */
export class CcRateLimitError extends CcApiError {
  constructor(
    readonly kind: "throttled" | "quota_exceeded",
    endpoint: string,
    details: CcErrorDetail[] = [],
  ) {
    super(
      kind === "quota_exceeded"
        ? "Constant Contact's daily request quota is used up."
        : "Constant Contact is throttling requests.",
      429,
      endpoint,
      details,
    );
  }
  get resumeAt(): Date {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  }
}

/**
 * Our own budget for the API key said no before anything was sent (lib/constant-contact/platform-limiter.ts):
 * `background_reserve`: only the interactive reserve is left today; `business_share`: this business's background
 * work has used its share of the day; `daily_budget`: the day's whole budget is spent. Like `quota_exceeded`, the
 * work waits until 00:00 UTC (`resumeAt`), but only what the reason covers: one business, or background work.
 */
export class CcBudgetError extends Error {
  constructor(
    readonly reason: "background_reserve" | "business_share" | "daily_budget",
    readonly businessId: string,
    readonly resumeAt: Date,
  ) {
    super(
      reason === "business_share"
        ? "This business has used its share of today's Constant Contact budget; its sync resumes after midnight UTC."
        : reason === "background_reserve"
          ? "Today's Constant Contact budget is nearly spent; background sync resumes after midnight UTC."
          : "Today's Constant Contact budget is spent; sync resumes after midnight UTC.",
    );
    this.name = "CcBudgetError";
  }
}

/** 5xx or a network failure, after the bounded retries. Transient: try again later. */
export class CcServerError extends CcApiError {}

/** 400/409/413/415/422: CC refused what we sent. Permanent for this input. */
export class CcBadRequestError extends CcApiError {}

export class CcNotFoundError extends CcApiError {}

/** The response did not have the shape we rely on. */
export class CcUnexpectedResponseError extends CcApiError {}

/**
 * The connection cannot get a token any more (refresh answered `invalid_grant`, the grant was revoked, or the
 * business disconnected): the owner must reconnect. Pending changes stay pending.
 */
export class ReconnectRequiredError extends ReconnectRequired {
  constructor(connectionId: string, message = "Constant Contact needs to be reconnected.") {
    super(connectionId, message);
    this.name = "ReconnectRequiredError";
  }
}

/** The token endpoint refused or failed; `error` is the OAuth error code (never the token). */
export class CcOAuthError extends Error {
  constructor(
    readonly error: string,
    readonly status: number,
    message = `Constant Contact's token endpoint answered ${status} ${error}.`,
  ) {
    super(message);
    this.name = "CcOAuthError";
  }
  get isInvalidGrant(): boolean {
    return this.error === "invalid_grant";
  }
}
