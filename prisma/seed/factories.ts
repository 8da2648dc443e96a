// Building blocks shared by the demo seed and the tests: each test makes its own uniquely named data with these,
// so tests never depend on each other or on the demo seed.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../../lib/auth/password";
import type { Db } from "../../lib/db";
import type { MembershipRole } from "../../lib/generated/prisma/client";

export async function upsertUser(db: Db, input: { email: string; name: string; password: string; support?: boolean }) {
  const email = input.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) return existing;
  return db.user.create({
    data: {
      email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      platformRole: input.support ? "SUPPORT" : "NONE",
    },
  });
}

export async function upsertBusiness(
  db: Db,
  input: { name: string; slug: string; countryCode: string; timeZone: string },
) {
  return db.business.upsert({ where: { slug: input.slug }, create: input, update: {} });
}

export async function addMember(db: Db, userId: string, businessId: string, role: MembershipRole) {
  return db.membership.upsert({
    where: { userId_businessId: { userId, businessId } },
    create: { userId, businessId, role },
    update: {},
  });
}

export const TEST_PASSWORD = "test-password-1";

/** A fresh business with an owner and a staff member, all uniquely named. */
export async function createTestBusiness(db: Db, options: { countryCode?: string; name?: string } = {}) {
  const tag = randomUUID().slice(0, 8);
  const business = await upsertBusiness(db, {
    name: options.name ?? `Test Studio ${tag}`,
    slug: `test-${tag}`,
    countryCode: options.countryCode ?? "US",
    timeZone: "America/New_York",
  });
  const owner = await upsertUser(db, {
    email: `owner-${tag}@example.test`,
    name: `Owner ${tag}`,
    password: TEST_PASSWORD,
  });
  const staff = await upsertUser(db, {
    email: `staff-${tag}@example.test`,
    name: `Staff ${tag}`,
    password: TEST_PASSWORD,
  });
  await addMember(db, owner.id, business.id, "OWNER");
  await addMember(db, staff.id, business.id, "STAFF");
  return { business, owner, staff, tag };
}

/**
 * A client of a business, written directly (like the demo seed): tests of lib/clients then change it through the
 * real doors. Defaults: a unique email, not opted in.
 */
export async function createTestClient(
  db: Db,
  businessId: string,
  overrides: {
    firstName?: string;
    lastName?: string;
    email?: string | null;
    city?: string | null;
    newsOptIn?: boolean;
    updatedAt?: Date;
  } = {},
) {
  const tag = randomUUID().slice(0, 8);
  const email = overrides.email === undefined ? `client-${tag}@example.test` : overrides.email;
  const trimmed = email?.trim() || null;
  return db.client.create({
    data: {
      businessId,
      firstName: overrides.firstName ?? `Client`,
      lastName: overrides.lastName ?? `Test ${tag}`,
      email: trimmed,
      emailNormalized: trimmed ? trimmed.toLowerCase() : null,
      city: overrides.city === undefined ? "Springfield" : overrides.city,
      newsOptIn: overrides.newsOptIn ?? false,
      consentAt: overrides.newsOptIn ? new Date() : null,
      consentMethod: overrides.newsOptIn ? "IN_PERSON" : null,
      ...(overrides.updatedAt ? { updatedAt: overrides.updatedAt } : {}),
    },
  });
}

/** A client type and a group for a business (for profile tests). */
export async function createTestClientOptions(db: Db, businessId: string) {
  const tag = randomUUID().slice(0, 8);
  const clientType = await db.clientType.create({ data: { businessId, name: `Member ${tag}` } });
  const group = await db.clientGroup.create({ data: { businessId, name: `Regulars ${tag}` } });
  return { clientType, group };
}
