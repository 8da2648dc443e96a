import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestBusiness, TEST_PASSWORD } from "../../prisma/seed/factories";
import { authorizeCredentials } from "./authorize-credentials";
import { endUserSessions } from "./end-user-sessions";
import { hashPassword } from "./password";
import { sessionUserFor, type SessionClaims } from "./session-user";
import { testAddress } from "@/tests/support/client-address";

/** What a fresh sign-in puts into the session JWT (lib/auth/options.ts copies these two fields). */
async function signIn(email: string): Promise<SessionClaims> {
  const result = await authorizeCredentials({ email, password: TEST_PASSWORD }, { address: testAddress() });
  if (!result.ok) throw new Error(result.message);
  return { userId: result.user.id, sessionVersion: result.user.sessionVersion };
}

describe("a session ends", () => {
  it("on sign-out: that cookie and every other of the user's is refused; signing in again works", async () => {
    const { owner, staff } = await createTestBusiness(db);
    const laptop = await signIn(owner.email);
    const phone = await signIn(owner.email);
    const colleague = await signIn(staff.email);
    expect(await sessionUserFor(laptop)).toMatchObject({ id: owner.id, email: owner.email, isSupport: false });

    await endUserSessions(laptop);
    expect(await sessionUserFor(laptop)).toBeNull();
    expect(await sessionUserFor(phone)).toBeNull();
    expect(await sessionUserFor(colleague)).toMatchObject({ id: staff.id });

    const again = await signIn(owner.email);
    expect(await sessionUserFor(again)).toMatchObject({ id: owner.id });
    // Replaying the ended cookie to the sign-out endpoint does not end the new session.
    await endUserSessions(laptop);
    expect(await sessionUserFor(again)).toMatchObject({ id: owner.id });
  });

  it("when the password changes, whatever changes it", async () => {
    const { owner } = await createTestBusiness(db);
    const session = await signIn(owner.email);
    await db.user.update({ where: { id: owner.id }, data: { name: "Renamed Owner" } });
    expect(await sessionUserFor(session)).toMatchObject({ name: "Renamed Owner" });

    await db.user.update({ where: { id: owner.id }, data: { passwordHash: await hashPassword("a-new-password-2") } });
    expect(await sessionUserFor(session)).toBeNull();
  });

  it("when a membership is removed or its role changes, and when support is granted or taken away", async () => {
    const { business, owner, staff } = await createTestBusiness(db);
    const ownerSession = await signIn(owner.email);
    const staffSession = await signIn(staff.email);

    await db.membership.update({
      where: { userId_businessId: { userId: owner.id, businessId: business.id } },
      data: { role: "OWNER" },
    });
    expect(await sessionUserFor(ownerSession)).toMatchObject({ id: owner.id });
    await db.membership.update({
      where: { userId_businessId: { userId: owner.id, businessId: business.id } },
      data: { role: "STAFF" },
    });
    expect(await sessionUserFor(ownerSession)).toBeNull();

    await db.membership.delete({ where: { userId_businessId: { userId: staff.id, businessId: business.id } } });
    expect(await sessionUserFor(staffSession)).toBeNull();

    const supportSession = await signIn(staff.email);
    await db.user.update({ where: { id: staff.id }, data: { platformRole: "SUPPORT" } });
    expect(await sessionUserFor(supportSession)).toBeNull();
    const asSupport = await signIn(staff.email);
    expect(await sessionUserFor(asSupport)).toMatchObject({ isSupport: true });
    await db.user.update({ where: { id: staff.id }, data: { platformRole: "NONE" } });
    expect(await sessionUserFor(asSupport)).toBeNull();
  });

  it("when the user is deleted", async () => {
    const { owner } = await createTestBusiness(db);
    const session = await signIn(owner.email);
    await db.user.delete({ where: { id: owner.id } });
    expect(await sessionUserFor(session)).toBeNull();
  });
});
