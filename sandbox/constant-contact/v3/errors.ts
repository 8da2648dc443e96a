// V3 error bodies: CC answers an array of {error_key, error_message}, e.g.
// [{"error_key":"contacts.api.not_found","error_message":"..."}] (developer guide, "HTTP response codes").
import type { ZodError } from "zod";
import { HttpError } from "../../http";

export function ccError(
  status: number,
  errorKey: string,
  errorMessage: string,
  headers: Record<string, string> = {},
): HttpError {
  return new HttpError(status, [{ error_key: errorKey, error_message: errorMessage }], headers);
}

/** CC's API gateway sends this challenge header with its 401s. */
export const unauthorized = () =>
  ccError(401, "unauthorized", "Unauthorized", { "www-authenticate": "Bearer realm=api.cc.email" });

export const forbidden = () =>
  ccError(
    403,
    "forbidden",
    "Forbidden request. You lack the necessary scopes, you lack the necessary user privileges, or the application is deactivated.",
  );

export const notFound = (errorKey = "not_found", message = "The requested resource was not found.") =>
  ccError(404, errorKey, message);

export const malformedJson = () =>
  ccError(400, "malformed_json", "Bad request. Either the JSON was malformed or there was a data validation error.");

/** One entry per problem, `#/path: message`, so a client can log exactly which field CC refused. */
export function validationError(errorKey: string, error: ZodError): HttpError {
  const entries = error.issues.slice(0, 20).map((issue) => ({
    error_key: errorKey,
    error_message: `#/${issue.path.join("/")}: ${issue.message}`,
  }));
  return new HttpError(400, entries);
}
