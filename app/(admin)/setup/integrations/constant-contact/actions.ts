"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { businessAction } from "@/lib/auth/define-action";
import { chooseList, ChooseListInput, contactListsForBusiness } from "@/lib/constant-contact/choose-list";
import { disconnectConnection } from "@/lib/constant-contact/disconnect";
import { startConnect } from "@/lib/constant-contact/start-connect";

// Owners only: the role is checked here by the wrapper and again in lib/constant-contact.
const OWNER = ["OWNER"] as const;
const NoInput = z.object({}).strict();
const PAGE = "/setup/integrations/constant-contact";

/** Connect Business / Reconnect: returns CC's authorize URL (state and PKCE verifier stay on the server). */
export const connectBusiness = businessAction({ input: NoInput, roles: OWNER }, (_input, ctx) => startConnect(ctx));

export const loadContactLists = businessAction({ input: NoInput, roles: OWNER }, (_input, ctx) => contactListsForBusiness(ctx));

export const saveContactList = businessAction({ input: ChooseListInput, roles: OWNER }, async (input, ctx) => {
  const saved = await chooseList(ctx, input);
  revalidatePath(PAGE);
  return saved;
});

export const disconnectBusiness = businessAction({ input: NoInput, roles: OWNER }, async (_input, ctx) => {
  await disconnectConnection(ctx);
  revalidatePath(PAGE);
  return null;
});
