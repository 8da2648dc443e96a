"use server";

import { businessAction } from "@/lib/actions/action-layers";
import { createClientOption, CreateClientOptionInput } from "@/lib/clients/create-client-option";
import { deleteClientOption, DeleteClientOptionInput } from "@/lib/clients/delete-client-option";
import { renameClientOption, RenameClientOptionInput } from "@/lib/clients/rename-client-option";

// Owners and staff manage client types and groups as they manage clients (no roles); support logged in as the
// business may too, like any client edit, and the audit names both. An id of another business, or one deleted in
// another tab, is "no longer exists" (lib/clients/client-option.ts).

export const createClientOptionAction = businessAction()
  .input(CreateClientOptionInput)
  .action(async (input, ctx) => createClientOption(ctx, input));

export const renameClientOptionAction = businessAction()
  .input(RenameClientOptionInput)
  .action(async (input, ctx) => renameClientOption(ctx, input));

export const deleteClientOptionAction = businessAction()
  .input(DeleteClientOptionInput)
  .action(async (input, ctx) => deleteClientOption(ctx, input));
