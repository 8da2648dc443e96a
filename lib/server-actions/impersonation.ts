"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { supportAction } from "@/lib/actions/action-layers";
import {
  clearImpersonationCookie,
  readImpersonationCookie,
  setImpersonationCookie,
  StartImpersonationInput,
  startImpersonation,
  stopImpersonation,
} from "@/lib/auth/impersonation";

// Every action here is "not found" for anyone but a SUPPORT user (supportAction checks before reading input).

/** Log in as this business: audited with the reason, then into the admin shell of that business. */
export const startImpersonating = supportAction.input(StartImpersonationInput).action(async (input, { user }) => {
  const started = await startImpersonation({
    supportUserId: user.id,
    businessId: input.businessId,
    reason: input.reason,
  });
  await setImpersonationCookie(started.impersonationId, started.expiresAt);
  redirect("/");
});

/** Stop (from the banner on every admin page): ends it, audited, back to the console. */
export const stopImpersonating = supportAction.input(z.object({}).strict()).action(async (_input, { user }) => {
  await stopImpersonation({ supportUser: user, impersonationId: await readImpersonationCookie() });
  await clearImpersonationCookie();
  redirect("/support");
});
