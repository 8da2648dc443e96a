"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { businessAction } from "@/lib/actions/action-layers";
import { ChooseSegmentFieldsInput } from "@/lib/integrations/connections";
import {
  chooseList,
  ChooseListInput,
  chooseSegmentFields,
  contactListsForBusiness,
  disconnectConnection,
  startConnect,
} from "@/lib/integrations/constant-contact/connection";
import { requestManualSync, retryFailedClients } from "@/lib/sync/manual";

// Connecting, choosing the list and disconnecting are for owners (checked here and again in lib/constant-contact);
// Sync now and Retry for owners and staff.
const ownerAction = businessAction(["OWNER"]);
const staffAction = businessAction(["OWNER", "STAFF"]);
const NoInput = z.object({}).strict();
const PAGE = "/setup/integrations/constant-contact";

/** Connect Business / Reconnect: returns CC's authorize URL (state and PKCE verifier stay on the server). */
export const connectBusiness = ownerAction.input(NoInput).action((_input, ctx) => startConnect(ctx));

export const loadContactLists = ownerAction.input(NoInput).action((_input, ctx) => contactListsForBusiness(ctx));

export const saveContactList = ownerAction.input(ChooseListInput).action(async (input, ctx) => {
  const saved = await chooseList(ctx, input);
  revalidatePath(PAGE);
  return saved;
});

/** What is sent besides name, email and city: client type and/or groups, for segments in Constant Contact. */
export const saveSegmentFields = ownerAction.input(ChooseSegmentFieldsInput).action(async (input, ctx) => {
  const saved = await chooseSegmentFields(ctx, input);
  revalidatePath(PAGE);
  return saved;
});

export const disconnectBusiness = ownerAction.input(NoInput).action(async (_input, ctx) => {
  await disconnectConnection(ctx);
  revalidatePath(PAGE);
  return null;
});

const RetryInput = z.object({ clientId: z.uuid().optional() });

/** Sync now: owners and staff (and support acting as the business). */
export const syncNow = staffAction.input(NoInput).action(async (_input, ctx) => {
  await requestManualSync(ctx, "CONSTANT_CONTACT");
  revalidatePath(PAGE);
  return null;
});

/** Retry one failed client, or all failed clients when no id is given. */
export const retryFailed = staffAction.input(RetryInput).action(async (input, ctx) => {
  const result = await retryFailedClients(ctx, { ...input, provider: "CONSTANT_CONTACT" });
  revalidatePath(PAGE);
  return result;
});
