// What the callback reports back to the page: a code in the query string, never raw input from CC or the browser.
// The page maps the code to a message; an unknown code shows the generic one.

export const CONNECT_ERROR_MESSAGES = {
  denied: "Constant Contact was not connected: access was denied on the Constant Contact page.",
  state_invalid: "That sign-in link is not valid for this business. Click Connect Business to try again.",
  state_mismatch:
    "That sign-in was started by another user or for another business. Click Connect Business to try again.",
  state_used: "That sign-in link was already used. Click Connect Business to try again.",
  state_expired: "The sign-in took longer than 10 minutes and expired. Click Connect Business to try again.",
  cc_error: "Constant Contact reported an error, so nothing was connected. Try again in a moment.",
  exchange_failed:
    "Constant Contact did not complete the sign-in, so nothing was connected. Click Connect Business to try again.",
  account_failed: "We could not read your Constant Contact account, so nothing was connected. Try again in a moment.",
  region: "The Constant Contact integration is only available to businesses in the US, Canada and Australia.",
  forbidden: "Only the business owner can connect Constant Contact.",
} as const;

export type ConnectErrorCode = keyof typeof CONNECT_ERROR_MESSAGES;

export function connectErrorMessage(code: string | undefined | null): string | null {
  if (!code) return null;
  return (
    (CONNECT_ERROR_MESSAGES as Record<string, string>)[code] ??
    "Constant Contact could not be connected. Try again in a moment."
  );
}
