import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestBusiness, TEST_PASSWORD } from "../../prisma/seed/factories";
import { authorizeCredentials } from "./authorize-credentials";

describe("authorizeCredentials", () => {
  it("signs in with the right password, case-insensitively on the email", async () => {
    const { owner } = await createTestBusiness(db);
    const result = await authorizeCredentials({ email: `  ${owner.email.toUpperCase()} `, password: TEST_PASSWORD });
    expect(result).toEqual({ ok: true, user: { id: owner.id, email: owner.email, name: owner.name, sessionVersion: owner.sessionVersion } });
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    const { owner } = await createTestBusiness(db);
    expect(await authorizeCredentials({ email: owner.email, password: "wrong" })).toEqual({ ok: false, message: "Wrong email or password." });
    expect(await authorizeCredentials({ email: `nobody-${owner.id}@example.test`, password: "wrong" })).toEqual({ ok: false, message: "Wrong email or password." });
  });

  it("answers empty, malformed and huge input with a message, not an exception", async () => {
    expect(await authorizeCredentials({ email: "", password: "" })).toEqual({ ok: false, message: "Enter your email." });
    expect(await authorizeCredentials({ email: "not-an-email", password: "x" })).toEqual({ ok: false, message: "Enter a valid email." });
    expect(await authorizeCredentials({ email: `${"a".repeat(10_000)}@x.test`, password: "x" })).toEqual({ ok: false, message: "That email is too long." });
    expect(await authorizeCredentials({ email: "a@x.test", password: "p".repeat(10_000) })).toEqual({ ok: false, message: "That password is too long." });
    expect(await authorizeCredentials(undefined)).toMatchObject({ ok: false });
  });

  it("locks an account after five failures, even for the right password, and audits the lockout", async () => {
    const { owner } = await createTestBusiness(db);
    const now = new Date("2026-11-26T12:00:00Z");
    for (let i = 0; i < 4; i++) {
      expect(await authorizeCredentials({ email: owner.email, password: "wrong" }, now)).toMatchObject({ message: "Wrong email or password." });
    }
    expect(await authorizeCredentials({ email: owner.email, password: "wrong" }, now)).toEqual({
      ok: false,
      message: "Too many failed attempts. Try again in 1 minute.",
    });
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, now)).toMatchObject({ ok: false, message: /Too many failed attempts/ });
    const audit = await db.auditLog.findFirst({ where: { action: "auth.login_locked", actorUserId: owner.id } });
    expect(audit?.details).toMatchObject({ email: owner.email });
    // After the lock expires the right password works and clears the count.
    const later = new Date(now.getTime() + 31_000);
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, later)).toMatchObject({ ok: true });
  });
});
