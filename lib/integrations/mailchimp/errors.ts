// What can go wrong talking to Mailchimp, as classes callers can tell apart. Mailchimp answers errors as
// application/problem+json (type, title, status, detail, instance); messages keep its title and detail, never a token.

export class McApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly endpoint: string,
    readonly title: string | null = null,
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401: the token is not accepted (the owner removed our app in Mailchimp): the owner must reconnect. */
export class McUnauthorizedError extends McApiError {}

/** 429 (over the simultaneous connections), 5xx or a network failure, after the bounded retries. Transient. */
export class McServerError extends McApiError {}

/** 400-class answers other than the above: Mailchimp refused what we sent. Permanent for this input. */
export class McBadRequestError extends McApiError {}

/** The token endpoint or the metadata call refused; `error` is the OAuth error code (never the token). */
export class McOAuthError extends Error {
  constructor(
    readonly error: string,
    message = `Mailchimp's login server answered ${error}.`,
  ) {
    super(message);
    this.name = "McOAuthError";
  }
}
