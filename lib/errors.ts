/** Thrown when the request has no signed-in user. */
export class NotAuthenticatedError extends Error {
  constructor() {
    super("Sign in to continue.");
  }
}

/**
 * A record outside the caller's business, or an action the caller may not take. Other businesses' records are
 * reported as "not found", never "forbidden", so their existence is not revealed.
 */
export class NotFoundError extends Error {
  constructor(what = "Not found") {
    super(what);
  }
}

export class ForbiddenError extends Error {
  constructor(message = "You do not have permission to do that.") {
    super(message);
  }
}

/** A rule of the domain refused the request; the message is for the user. */
export class UserFacingError extends Error {}
