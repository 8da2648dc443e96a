import * as argon2 from "@node-rs/argon2";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { createTestBusiness, TEST_PASSWORD } from "../../prisma/seed/factories";
import { testAddress } from "@/tests/support/client-address";
import { authorizeCredentials } from "./authorize-credentials";
import { LOGIN_LIMITS } from "./login-limiters";

// The real argon2, watched: every password check of the code under test goes through `verify`, so its calls count
// the checks an attacker got.
vi.mock("@node-rs/argon2", async (original) => {
  const real = await original<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});
const passwordChecks = vi.mocked(argon2.verify);
beforeEach(() => {
  passwordChecks.mockClear();
});

const from = () => ({ address: testAddress() });
const LOCKED = "Too many failed attempts. Try again in 15 minutes.";

describe("authorizeCredentials", () => {
  it("signs in with the right password, case-insensitively on the email", async () => {
    const { owner } = await createTestBusiness(db);
    const result = await authorizeCredentials(
      { email: `  ${owner.email.toUpperCase()} `, password: TEST_PASSWORD },
      from(),
    );
    expect(result).toEqual({
      ok: true,
      user: { id: owner.id, email: owner.email, name: owner.name, sessionVersion: owner.sessionVersion },
      deviceCookie: expect.stringMatching(/^[\w-]{22}\.[\w-]{43}$/),
    });
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    const { owner } = await createTestBusiness(db);
    expect(await authorizeCredentials({ email: owner.email, password: "wrong" }, from())).toEqual({
      ok: false,
      message: "Wrong email or password.",
    });
    expect(await authorizeCredentials({ email: `nobody-${owner.id}@example.test`, password: "wrong" }, from())).toEqual(
      { ok: false, message: "Wrong email or password." },
    );
  });

  it("answers empty, malformed and huge input with a message, not an exception", async () => {
    expect(await authorizeCredentials({ email: "", password: "" }, from())).toEqual({
      ok: false,
      message: "Enter your email.",
    });
    expect(await authorizeCredentials({ email: "not-an-email", password: "x" }, from())).toEqual({
      ok: false,
      message: "Enter a valid email.",
    });
    expect(await authorizeCredentials({ email: `${"a".repeat(10_000)}@x.test`, password: "x" }, from())).toEqual({
      ok: false,
      message: "That email is too long.",
    });
    expect(await authorizeCredentials({ email: "a@x.test", password: "p".repeat(10_000) }, from())).toEqual({
      ok: false,
      message: "That password is too long.",
    });
    expect(await authorizeCredentials(undefined, from())).toMatchObject({ ok: false });
  });
});

describe("sign-in throttling", () => {
  it("refuses an address after five failures for an account, audits it, and still lets the owner in from theirs", async () => {
    const { owner } = await createTestBusiness(db);
    const stranger = from();
    for (let i = 0; i < 4; i++) {
      expect(await authorizeCredentials({ email: owner.email, password: "wrong" }, stranger)).toEqual({
        ok: false,
        message: "Wrong email or password.",
      });
    }
    expect(await authorizeCredentials({ email: owner.email, password: "wrong" }, stranger)).toEqual({
      ok: false,
      message: LOCKED,
    });
    // From the stranger's address even the right password is refused, without being checked.
    passwordChecks.mockClear();
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, stranger)).toEqual({
      ok: false,
      message: LOCKED,
    });
    expect(passwordChecks).not.toHaveBeenCalled();
    const audit = await db.auditLog.findMany({ where: { action: "auth.login_locked", actorUserId: owner.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ email: owner.email, address: stranger.address });

    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, from())).toMatchObject({
      ok: true,
    });
  });

  it("lets the owner in from their usual browser after a stranger locked out their own address", async () => {
    const { owner } = await createTestBusiness(db);
    const studioWifi = testAddress();
    // The owner signed in from this browser before: it keeps the device cookie it earned.
    const earlier = await authorizeCredentials(
      { email: owner.email, password: TEST_PASSWORD },
      { address: studioWifi },
    );
    if (!earlier.ok) throw new Error(earlier.message);
    const usualBrowser = { address: studioWifi, deviceCookie: earlier.deviceCookie };

    // A stranger on the same Wi-Fi guesses the owner's password until the address is refused.
    const stranger = { address: studioWifi };
    for (let i = 0; i < 4; i++)
      expect(await authorizeCredentials({ email: owner.email, password: `guess-${i}` }, stranger)).toMatchObject({
        message: "Wrong email or password.",
      });
    expect(await authorizeCredentials({ email: owner.email, password: "guess-5" }, stranger)).toEqual({
      ok: false,
      message: LOCKED,
    });
    // Strangers stay refused from that address, even with the right password (unchecked) ...
    passwordChecks.mockClear();
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, stranger)).toEqual({
      ok: false,
      message: LOCKED,
    });
    expect(passwordChecks).not.toHaveBeenCalled();
    // ... and so does a cookie that is not one we signed for this account.
    const forged = `${"A".repeat(22)}.${"B".repeat(43)}`;
    expect(
      await authorizeCredentials(
        { email: owner.email, password: TEST_PASSWORD },
        { ...stranger, deviceCookie: forged },
      ),
    ).toEqual({ ok: false, message: LOCKED });

    // The owner's usual browser gets in, and keeps its token (renewed, the same device).
    const owners = await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, usualBrowser);
    expect(owners).toMatchObject({ ok: true, user: { id: owner.id } });
    expect(owners.ok && owners.deviceCookie).toBe(earlier.deviceCookie);
  });

  it("lets a device cookie through an address spraying locked, for its own account only", async () => {
    const { owner } = await createTestBusiness(db);
    const { owner: colleague } = await createTestBusiness(db);
    const office = testAddress();
    const earlier = await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, { address: office });
    if (!earlier.ok) throw new Error(earlier.message);
    const tag = Date.now().toString(36);
    for (let i = 0; i < LOGIN_LIMITS.address.points; i++)
      await authorizeCredentials(
        { email: `spray-${tag}-${i}@example.test`, password: "Summer2026!" },
        { address: office },
      );
    const usualBrowser = { address: office, deviceCookie: earlier.deviceCookie };
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, usualBrowser)).toMatchObject({
      ok: true,
    });
    // The owner's token says nothing for another account: that one meets the address's limit like anyone.
    expect(await authorizeCredentials({ email: colleague.email, password: TEST_PASSWORD }, usualBrowser)).toEqual({
      ok: false,
      message: LOCKED,
    });
  });

  it("gives a device cookie five guesses of its own, then refuses it without checking, and audits it", async () => {
    const { owner } = await createTestBusiness(db);
    const signedIn = await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, from());
    if (!signedIn.ok) throw new Error(signedIn.message);
    // A stolen cookie, tried from a fresh address for every guess: the count follows the cookie.
    const stolen = () => ({ address: testAddress(), deviceCookie: signedIn.deviceCookie });
    for (let i = 0; i < LOGIN_LIMITS.device.points - 1; i++)
      expect(await authorizeCredentials({ email: owner.email, password: `guess-${i}` }, stolen())).toMatchObject({
        message: "Wrong email or password.",
      });
    expect(await authorizeCredentials({ email: owner.email, password: "last-guess" }, stolen())).toEqual({
      ok: false,
      message: LOCKED,
    });
    passwordChecks.mockClear();
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, stolen())).toEqual({
      ok: false,
      message: LOCKED,
    });
    expect(passwordChecks).not.toHaveBeenCalled();
    expect(await db.auditLog.count({ where: { action: "auth.login_locked", actorUserId: owner.id } })).toBe(1);
    // Another browser of the owner's (its own token) is not affected.
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, from())).toMatchObject({
      ok: true,
    });
  });

  it("makes at most five password checks for 50 parallel wrong attempts from one address", async () => {
    const { owner } = await createTestBusiness(db);
    const attacker = from();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        authorizeCredentials({ email: owner.email, password: `wrong-${i}` }, attacker),
      ),
    );
    expect(passwordChecks).toHaveBeenCalledTimes(LOGIN_LIMITS.accountAndAddress.points);
    expect(results.filter((r) => !r.ok && r.message === "Wrong email or password.")).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.message === LOCKED)).toHaveLength(46);
    expect(await db.auditLog.count({ where: { action: "auth.login_locked", actorUserId: owner.id } })).toBe(1);
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, from())).toMatchObject({
      ok: true,
    });
  });

  it("throttles one address spraying a password over many accounts", async () => {
    const sprayer = from();
    const tag = Date.now().toString(36);
    const budget = LOGIN_LIMITS.address.points;
    for (let i = 0; i < budget; i++) {
      expect(
        await authorizeCredentials({ email: `spray-${tag}-${i}@example.test`, password: "Summer2026!" }, sprayer),
      ).toEqual({ ok: false, message: "Wrong email or password." });
    }
    passwordChecks.mockClear();
    const { owner } = await createTestBusiness(db);
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, sprayer)).toEqual({
      ok: false,
      message: LOCKED,
    });
    expect(passwordChecks).not.toHaveBeenCalled();
    // Only that address: the owner elsewhere is not affected.
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, from())).toMatchObject({
      ok: true,
    });
  });

  it("slows an account attacked from many addresses down, but never locks it", async () => {
    const { owner } = await createTestBusiness(db);
    const free = LOGIN_LIMITS.account.points;
    for (let i = 0; i <= free; i++) await authorizeCredentials({ email: owner.email, password: "wrong" }, from());
    const started = Date.now();
    expect(await authorizeCredentials({ email: owner.email, password: TEST_PASSWORD }, from())).toMatchObject({
      ok: true,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // one failure past the budget: 1 s
  });
});
