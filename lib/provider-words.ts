// How each mailing-list provider is named to people, the word it uses for the one list we keep, and where its page is.
// A leaf: alerts, pages and the providers' own folders all read it.
import type { Provider } from "./generated/prisma/client";

export type ProviderWords = {
  name: string;
  list: "list" | "audience";
  /** The provider's page under Setup › Integrations. */
  path: string;
  /** The provider's id in URLs (`/setup/integrations/<slug>`, `/api/integrations/<slug>/…`). */
  slug: string;
};

export const PROVIDER_WORDS: Record<Provider, ProviderWords> = {
  CONSTANT_CONTACT: {
    name: "Constant Contact",
    list: "list",
    path: "/setup/integrations/constant-contact",
    slug: "constant-contact",
  },
  MAILCHIMP: { name: "Mailchimp", list: "audience", path: "/setup/integrations/mailchimp", slug: "mailchimp" },
};

export const PROVIDERS = ["CONSTANT_CONTACT", "MAILCHIMP"] as const satisfies readonly Provider[];
