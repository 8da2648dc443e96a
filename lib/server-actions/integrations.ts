"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { businessAction } from "@/lib/actions/action-layers";
import type { BusinessContext } from "@/lib/auth/business-context";
import { ChooseSegmentFieldsInput } from "@/lib/integrations/connections";
import * as constantContact from "@/lib/integrations/constant-contact/connection";
import * as mailchimp from "@/lib/integrations/mailchimp/connection";
import type { Provider } from "@/lib/generated/prisma/client";
import { PROVIDER_WORDS, PROVIDERS } from "@/lib/provider-words";
import { requestManualSync, retryFailedClients } from "@/lib/sync/manual";

// A business's mailing-list integrations, whichever the provider: each action names the provider it is about.
// Connecting, choosing the list and disconnecting are for owners (checked here and again in lib/integrations); Sync
// now and Retry for owners and staff (and support acting as the business).
const ownerAction = businessAction(["OWNER"]);
const staffAction = businessAction(["OWNER", "STAFF"]);
const ProviderInput = z.object({ provider: z.enum(PROVIDERS) }).strict();

/** What each provider's connection steps are called in lib/integrations/<provider>/connection.ts. */
const STEPS: Record<
  Provider,
  {
    startConnect(ctx: BusinessContext): Promise<{ authorizeUrl: string }>;
    lists(ctx: BusinessContext): Promise<{ listId: string; name: string; memberCount: number | null }[]>;
    choose(
      ctx: BusinessContext,
      input: { listId: string },
    ): Promise<{ listId: string; listName: string; changed: boolean }>;
    disconnect(ctx: BusinessContext): Promise<{ disconnected: boolean }>;
    segments(ctx: BusinessContext, input: ChooseSegmentFieldsInput): Promise<{ changed: boolean; marked: number }>;
  }
> = {
  CONSTANT_CONTACT: {
    startConnect: (ctx) => constantContact.startConnect(ctx),
    lists: (ctx) => constantContact.contactListsForBusiness(ctx),
    choose: (ctx, input) => constantContact.chooseList(ctx, input),
    disconnect: (ctx) => constantContact.disconnectConnection(ctx),
    segments: (ctx, input) => constantContact.chooseSegmentFields(ctx, input),
  },
  MAILCHIMP: {
    startConnect: (ctx) => mailchimp.startConnect(ctx),
    lists: (ctx) => mailchimp.audiencesForBusiness(ctx),
    choose: (ctx, input) => mailchimp.chooseAudience(ctx, input),
    disconnect: (ctx) => mailchimp.disconnectConnection(ctx),
    segments: (ctx, input) => mailchimp.chooseSegmentFields(ctx, input),
  },
};

const pageOf = (provider: Provider) => PROVIDER_WORDS[provider].path;

/** Connect Business / Reconnect: returns the provider's authorize URL (state and any PKCE verifier stay here). */
export const connectBusiness = ownerAction
  .input(ProviderInput)
  .action((input, ctx) => STEPS[input.provider].startConnect(ctx));

export const loadLists = ownerAction.input(ProviderInput).action((input, ctx) => STEPS[input.provider].lists(ctx));

const SaveListInput = z
  .object({ provider: z.enum(PROVIDERS), listId: z.string().trim().min(1, "Choose a list.").max(100) })
  .strict();

export const saveList = ownerAction.input(SaveListInput).action(async (input, ctx) => {
  const saved = await STEPS[input.provider].choose(ctx, { listId: input.listId });
  revalidatePath(pageOf(input.provider));
  return saved;
});

/** What is sent besides name, email and city: client type and/or groups, for segments in the provider. */
export const saveSegmentFields = ownerAction
  .input(ChooseSegmentFieldsInput.extend({ provider: z.enum(PROVIDERS) }).strict())
  .action(async ({ provider, ...choice }, ctx) => {
    const saved = await STEPS[provider].segments(ctx, choice);
    revalidatePath(pageOf(provider));
    return saved;
  });

export const disconnectBusiness = ownerAction.input(ProviderInput).action(async (input, ctx) => {
  await STEPS[input.provider].disconnect(ctx);
  revalidatePath(pageOf(input.provider));
  return null;
});

/** Sync now: owners and staff (and support acting as the business). */
export const syncNow = staffAction.input(ProviderInput).action(async (input, ctx) => {
  await requestManualSync(ctx, input.provider);
  revalidatePath(pageOf(input.provider));
  return null;
});

/** Retry one failed client, or all failed clients when no id is given. */
export const retryFailed = staffAction
  .input(z.object({ provider: z.enum(PROVIDERS), clientId: z.uuid().optional() }).strict())
  .action(async (input, ctx) => {
    const result = await retryFailedClients(ctx, input);
    revalidatePath(pageOf(input.provider));
    return result;
  });
