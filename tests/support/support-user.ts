// Uniquely named support users and a business for them to help, for the support console's tests.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createTestBusiness, TEST_PASSWORD, upsertUser } from "@/prisma/seed/factories";

export async function createSupportUser(): Promise<SessionUser> {
  const tag = randomUUID().slice(0, 8);
  const user = await upsertUser(db, {
    email: `support-${tag}@platform.test`,
    name: `Sam Support ${tag}`,
    password: TEST_PASSWORD,
    support: true,
  });
  return { id: user.id, email: user.email, name: user.name, isSupport: true };
}

export async function supportAndBusiness() {
  const supportUser = await createSupportUser();
  const made = await createTestBusiness(db, { name: `Sunrise Yoga ${randomUUID().slice(0, 8)}` });
  return { supportUser, ...made };
}

export const REASON = "Owner asked for help choosing a list (ticket 4711)";

export const auditOf = (businessId: string, action: string) =>
  db.auditLog.findMany({ where: { businessId, action }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
