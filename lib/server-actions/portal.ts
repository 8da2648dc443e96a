"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { actionClient } from "@/lib/actions/action-client";
import { portalAction, PortalInput } from "@/lib/actions/action-layers";
import { clientAddress } from "@/lib/auth/client-address";
import { keepDeviceCookie, readDeviceCookie } from "@/lib/auth/device-cookie";
import { UserFacingError } from "@/lib/errors";
import { setPortalSubscription } from "@/lib/clients/portal/portal-notification-settings";
import { endPortalSession } from "@/lib/clients/portal/portal-session";
import { setPortalPassword } from "@/lib/clients/portal/set-portal-password";
import { signInPortal } from "@/lib/clients/portal/sign-in-portal";
import { clearPortalCookie, portalToken, setPortalCookie } from "@/lib/clients/portal/portal-cookie";

// The Client Portal's actions. Not businessAction (that is staff, next-auth): the portal's own door is its session
// cookie (portalAction), and the client and business always come from the session, never from the request. The
// `business` slug in each input only says which portal the browser is on. The rules of each form's fields live in
// lib/clients/portal, which parses them itself, so the schemas here only shape the request.

export const signInPortalAction = actionClient
  .input(PortalInput.extend({ email: z.string(), password: z.string() }))
  .action(async ({ business, ...credentials }) => {
    const from = { address: clientAddress(await headers()), deviceCookie: await readDeviceCookie() };
    const result = await signInPortal(business, credentials, from);
    if (!result.ok) throw new UserFacingError(result.message);
    await setPortalCookie(result.token, result.expiresAt);
    await keepDeviceCookie(result.deviceCookie);
    return null;
  });

export const setPortalPasswordAction = actionClient
  .input(PortalInput.extend({ token: z.string(), password: z.string(), confirm: z.string() }))
  .action(async ({ business, ...input }) => {
    const session = await setPortalPassword(business, input);
    await setPortalCookie(session.token, session.expiresAt);
    return null;
  });

// The slug is in the schema too, so the browser's call is typed with it; portalAction has read it already.
export const setSubscriptionAction = portalAction
  .input(PortalInput.extend({ optIn: z.boolean() }))
  .action((input, portal) => setPortalSubscription(portal, input.optIn));

export const signOutPortalAction = actionClient.input(z.object({}).strict()).action(async () => {
  await endPortalSession(await portalToken());
  await clearPortalCookie();
  return null;
});
