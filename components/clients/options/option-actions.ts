// The server actions the client types and groups page hands its components (app/(admin)/settings/client-options).
import type { ActionResult } from "@/lib/actions/action-client";
import type { ClientOptionKind } from "@/lib/clients/client-option";

export type ClientOptionActions = {
  create: (input: { kind: ClientOptionKind; name: string }) => Promise<ActionResult<{ id: string }>>;
  rename: (input: { kind: ClientOptionKind; id: string; name: string }) => Promise<ActionResult<{ resent: boolean }>>;
  remove: (input: { kind: ClientOptionKind; id: string }) => Promise<ActionResult<{ resent: boolean }>>;
};
