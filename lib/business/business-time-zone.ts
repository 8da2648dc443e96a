import type { BusinessScope } from "../auth/business-context";
import { db } from "../db";

/** The business's own time zone: every time the app shows about a business is written in it. */
export async function businessTimeZone({ businessId }: BusinessScope): Promise<string> {
  const business = await db.business.findUnique({ where: { id: businessId }, select: { timeZone: true } });
  return business?.timeZone ?? "UTC";
}
