"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { businessAction } from "@/lib/auth/define-action";
import { chooseList, ChooseListInput, contactListsForBusiness } from "@/lib/constant-contact/choose-list";
import { disconnectConnection } from "@/lib/constant-contact/disconnect";
import { startConnect } from "@/lib/constant-contact/start-connect";
import { requestManualSync } from "@/lib/sync/request-manual-sync";
import { retryFailedClients } from "@/lib/sync/retry-failed";

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

const RetryInput = z.object({ clientId: z.uuid().optional() });

/** Sync now: owners and staff (and support acting as the business). */
export const syncNow = businessAction({ input: NoInput, roles: ["OWNER", "STAFF"] }, async (_input, ctx) => {
  await requestManualSync(ctx);
  revalidatePath(PAGE);
  return null;
});

/** Retry one failed client, or all failed clients when no id is given. */
export const retryFailed = businessAction({ input: RetryInput, roles: ["OWNER", "STAFF"] }, async (input, ctx) => {
  const result = await retryFailedClients(ctx, input);
  revalidatePath(PAGE);
  return result;
});
