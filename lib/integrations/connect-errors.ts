// What a provider's OAuth callback reports back to its page: a code in the query string, never raw input from the
// provider or the browser. The page maps the code to a message; an unknown code shows the generic one.
import type { Provider } from "../generated/prisma/client";
import { PROVIDER_WORDS } from "../provider-words";

const messages = (name: string) =>
  ({
    denied: `${name} was not connected: access was denied on the ${name} page.`,
    state_invalid: "That sign-in link is not valid for this business. Click Connect Business to try again.",
    state_mismatch:
      "That sign-in was started by another user or for another business. Click Connect Business to try again.",
    state_used: "That sign-in link was already used. Click Connect Business to try again.",
    state_expired: "The sign-in took longer than 10 minutes and expired. Click Connect Business to try again.",
    provider_error: `${name} reported an error, so nothing was connected. Try again in a moment.`,
    exchange_failed: `${name} did not complete the sign-in, so nothing was connected. Click Connect Business to try again.`,
    account_failed: `We could not read your ${name} account, so nothing was connected. Try again in a moment.`,
    region: `The ${name} integration is only available to businesses in the US, Canada and Australia.`,
    forbidden: `Only the business owner can connect ${name}.`,
    not_configured: `${name} is not available on this platform yet.`,
  }) as const;

export type ConnectErrorCode = keyof ReturnType<typeof messages>;

export function connectErrorMessage(code: string | undefined | null, provider: Provider): string | null {
  if (!code) return null;
  const name = PROVIDER_WORDS[provider].name;
  return (messages(name) as Record<string, string>)[code] ?? `${name} could not be connected. Try again in a moment.`;
}
