// How the client types and groups page names each kind, and the mailing-list tools they are sent to, in one place,
// so its sentences and labels agree.
import type { ClientOptionKind } from "@/lib/clients/client-option";
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_WORDS } from "@/lib/provider-words";

export const OPTION_WORDS: Record<ClientOptionKind, { title: string; one: string; customField: string }> = {
  type: { title: "Client types", one: "client type", customField: "Client type" },
  group: { title: "Groups", one: "group", customField: "Client groups" },
};

/** "Constant Contact", "Mailchimp", or "Constant Contact and Mailchimp" (`or` where none of them is meant). */
export function providerNames(providers: readonly Provider[], joiner: "and" | "or" = "and"): string {
  const names = providers.map((p) => PROVIDER_WORDS[p].name);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} ${joiner} ${names.at(-1)}`;
}

/** What a kind is called where it is sent: Constant Contact's custom field, Mailchimp's merge field or group category. */
export function sentFieldWords(kind: ClientOptionKind, providers: readonly Provider[]): string {
  const name = `“${OPTION_WORDS[kind].customField}”`;
  if (providers.length !== 1) return name;
  if (providers[0] === "CONSTANT_CONTACT") return `the custom field ${name}`;
  return kind === "group" ? `the group category ${name}` : `the merge field ${name}`;
}

export function clientsCount(n: number): string {
  return n === 1 ? "1 client" : `${n.toLocaleString("en-US")} clients`;
}
