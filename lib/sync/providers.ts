// The providers the sync engine knows, by the Provider enum. The engine reaches a provider only through this table
// and the contract in lib/integrations/provider.ts.
import type { Provider } from "../generated/prisma/client";
import { constantContactAdapter } from "../integrations/constant-contact/sync-adapter";
import type { ProviderAdapter } from "../integrations/provider";

const ADAPTERS: Record<Provider, ProviderAdapter | undefined> = {
  CONSTANT_CONTACT: constantContactAdapter,
  MAILCHIMP: undefined,
};

export function adapterFor(provider: Provider): ProviderAdapter {
  const adapter = ADAPTERS[provider];
  if (!adapter) throw new Error(`No sync adapter for ${provider}.`);
  return adapter;
}
