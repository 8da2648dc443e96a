// How the client types and groups page names each kind, in one place, so its sentences and labels agree.
import type { ClientOptionKind } from "@/lib/clients/client-option";

export const OPTION_WORDS: Record<ClientOptionKind, { title: string; one: string; customField: string }> = {
  type: { title: "Client types", one: "client type", customField: "Client type" },
  group: { title: "Groups", one: "group", customField: "Client groups" },
};

export function clientsCount(n: number): string {
  return n === 1 ? "1 client" : `${n.toLocaleString("en-US")} clients`;
}
