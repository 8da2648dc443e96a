"use server";

import { z } from "zod";
import { businessAction } from "@/lib/actions/action-layers";
import { changeConsentByStaff } from "@/lib/clients/change-consent";
import { StaffConsentInput } from "@/lib/clients/consent-rules";
import { createClient, CreateClientInput } from "@/lib/clients/create-client";
import { sendPortalInvitation } from "@/lib/clients/portal/send-portal-invitation";
import { updateClientProfile, UpdateClientProfileInput } from "@/lib/clients/update-client-profile";

// Owners and staff alike manage clients (no roles). A client id of another business is "Not found."

export const createClientAction = businessAction()
  .input(CreateClientInput)
  .action(async (input, ctx) => {
    const { id } = await createClient(ctx, input);
    return { id };
  });

export const updateClientProfileAction = businessAction()
  .input(UpdateClientProfileInput)
  .action(async (input, ctx) => {
    await updateClientProfile(ctx, input);
    return { id: input.clientId };
  });

export const changeConsentAction = businessAction()
  .input(StaffConsentInput)
  .action(async (input, ctx) => changeConsentByStaff(ctx, input));

// The answer says where the invitation went, never the link: that is in the client's mailbox only.
export const sendPortalInvitationAction = businessAction()
  .input(z.object({ clientId: z.uuid() }))
  .action(async ({ clientId }, ctx) => {
    const sent = await sendPortalInvitation(ctx, clientId);
    return { sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() };
  });
