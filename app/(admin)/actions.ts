"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { ACTIVE_BUSINESS_COOKIE, businessesOf } from "@/lib/auth/business-context";
import { NotAuthenticatedError, NotFoundError } from "@/lib/auth/errors";
import { currentUser } from "@/lib/auth/session";
import { failureOf, type ActionResult } from "@/lib/auth/define-action";
import { cookieOptions } from "@/lib/http/cookie-options";

const SwitchBusinessInput = z.object({ businessId: z.uuid() });

/** Switches the active business; only to one the user is a member of (any other id is "not found"). */
export async function switchBusiness(raw: z.input<typeof SwitchBusinessInput>): Promise<ActionResult<null>> {
  try {
    const { businessId } = SwitchBusinessInput.parse(raw);
    const user = await currentUser();
    if (!user) throw new NotAuthenticatedError();
    const mine = await businessesOf(user.id);
    if (!mine.some((b) => b.id === businessId)) throw new NotFoundError();
    (await cookies()).set(ACTIVE_BUSINESS_COOKIE, businessId, cookieOptions());
    return { ok: true, data: null };
  } catch (error) {
    return failureOf(error);
  }
}
