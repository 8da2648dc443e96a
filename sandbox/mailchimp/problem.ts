// Mailchimp's errors: RFC 7807 problem documents (`application/problem+json; charset=utf-8`). The dispatcher fills
// `instance` with the request's X-Request-Id and adds the `Link` header; handlers only say what went wrong.
import { HttpError } from "../http";

export const PROBLEM_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/";
export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";
export const INVALID_RESOURCE_DETAIL =
  "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

export function problem(
  status: number,
  title: string,
  detail: string,
  options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): HttpError {
  const body: ProblemBody = { type: PROBLEM_TYPE, title, status, detail, instance: "" };
  if (options.errors) body.errors = options.errors;
  return new HttpError(status, body, options.headers ?? {});
}

export function isProblemBody(body: unknown): body is ProblemBody {
  return typeof body === "object" && body !== null && (body as { type?: unknown }).type === PROBLEM_TYPE;
}

export const notFound = () => problem(404, "Resource Not Found", "The requested resource could not be found.");

export const invalidResource = (errors: FieldError[], detail = INVALID_RESOURCE_DETAIL) =>
  problem(400, "Invalid Resource", detail, { errors });

export const badRequest = (detail = "Your request could not be processed.") => problem(400, "Bad Request", detail);

export const jsonParseError = () =>
  problem(400, "JSON Parse Error", "We encountered an unspecified JSON parsing error.");

export const memberExists = (email: string) =>
  problem(400, "Member Exists", `${email} is already a list member. Use PUT to insert or update list members.`);

export const complianceState = (email: string) =>
  problem(
    400,
    "Member In Compliance State",
    `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
  );

export const forgottenEmail = (email: string) =>
  problem(
    400,
    "Forgotten Email Not Subscribed",
    `${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`,
  );

export const fakeEmail = (email: string) =>
  problem(400, "Invalid Resource", `${email} looks fake or invalid, please enter a real email address.`, {
    errors: [
      {
        field: "email_address",
        message: "This email address looks fake or invalid. Please enter a real email address.",
      },
    ],
  });

export const mergeFieldsInvalid = (errors: FieldError[]) =>
  problem(400, "Invalid Resource", "Your merge fields were invalid.", { errors });

export const methodNotAllowed = (allowed: string[], detail?: string) =>
  problem(
    405,
    "Method Not Allowed",
    detail ??
      "The requested method and resource are not compatible. See the Allow header for this resource's available methods.",
    { headers: { allow: allowed.join(", ") } },
  );

export const apiKeyMissing = () => problem(401, "API Key Missing", "Your request did not include an API key.");

export const apiKeyInvalid = () =>
  problem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.");

export const tooManyRequests = () =>
  problem(429, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections.");

export const internalError = () =>
  problem(
    500,
    "Internal Server Error",
    "An unexpected internal error has occurred. Please contact Support for more information.",
  );

export const serviceUnavailable = () => problem(503, "Compliance Related", "This method has been disabled.");
