// The providers the sync engine knows, by the Provider enum. The engine reaches a provider only through this table
// and the contract in lib/integrations/provider.ts.
import type { Provider } from "../generated/prisma/client";
import { constantContactAdapter } from "../integrations/constant-contact/sync-adapter";
import { mailchimpAdapter } from "../integrations/mailchimp/sync-adapter";
import type { ProviderAdapter } from "../integrations/provider";

const ADAPTERS: Record<Provider, ProviderAdapter> = {
  CONSTANT_CONTACT: constantContactAdapter,
  MAILCHIMP: mailchimpAdapter,
};

export function adapterFor(provider: Provider): ProviderAdapter {
  return ADAPTERS[provider];
}
