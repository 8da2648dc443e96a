"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { userAction } from "@/lib/actions/action-layers";
import { ACTIVE_BUSINESS_COOKIE, businessesOf } from "@/lib/auth/business-context";
import { NotFoundError } from "@/lib/errors";
import { cookieOptions } from "@/lib/http/cookie-options";

/** Switches the active business; only to one the user is a member of (any other id is "not found"). */
export const switchBusiness = userAction
  .input(z.object({ businessId: z.uuid() }))
  .action(async ({ businessId }, { user }) => {
    const mine = await businessesOf(user.id);
    if (!mine.some((b) => b.id === businessId)) throw new NotFoundError();
    (await cookies()).set(ACTIVE_BUSINESS_COOKIE, businessId, cookieOptions());
    return null;
  });
