import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import { env } from "../env";
import { deviceFor, withDeviceToken } from "./device-cookie";
import { LOGIN_LIMITS, loginLimiters } from "./login-limiters";

// Slows down guessing, for staff sign-in and Client Portal sign-in alike, without letting a stranger lock a person out:
// - one account from one address: 5 failed password checks per 15 minutes, then that address is refused for that
//   account until the window ends;
// - one address across all accounts: 30 failures per 15 minutes (spraying one password over many emails);
// - one account from anywhere: past 10 failures per 15 minutes each attempt waits, doubling from 0.5 s up to 8 s,
//   but is never refused (a lock here would let anyone lock the owner out);
// - a browser that signed in to the account before (its device cookie, lib/auth/device-cookie.ts) is exempt from all
//   three: its attempts count against its own budget of 5 per 15 minutes instead. A stranger sharing the owner's
//   address (studio Wi-Fi, an office NAT) can use up that address's budgets, but the owner's usual browser still
//   gets in; a stolen cookie still gets only 5 guesses per window.
// Budgets are consumed BEFORE the password is checked, in one atomic statement each, so 50 parallel attempts still
// make at most 5 checks; a success gives its points back.

/** What both sign-in forms send. Every message is one the form can show; nothing about the input throws. */
export const CredentialsInput = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email.")
    .max(254, "That email is too long.")
    .pipe(z.email("Enter a valid email.")),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
});
export type CredentialsInput = z.input<typeof CredentialsInput>;

export const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Whose failures count together. Staff per email; the portal per portal and email, so a throttled portal does not
 * throttle a staff account (or another studio's portal).
 */
export type ThrottleRealm = { kind: "staff" } | { kind: "portal"; businessSlug: string };

export function throttleKey(realm: ThrottleRealm, email: string): string {
  const normalized = email.trim().toLowerCase();
  return realm.kind === "staff" ? `login:${normalized}` : `portal:${realm.businessSlug}:${normalized}`;
}

export type SignInOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** A success also gives the browser's device cookie to keep (the same token, renewed, or a new one). */
export type ThrottledOutcome<T> = { ok: true; value: T; deviceCookie: string } | { ok: false; message: string };

/**
 * The account (a throttleKey), the client address (lib/auth/client-address.ts) and the browser's device cookie, if
 * it sent one, of one attempt.
 */
export type AttemptSource = { account: string; address: string; deviceCookie?: string };

const SLOWDOWN_BASE_MS = 500;
const SLOWDOWN_MAX_MS = 8_000;

type Hooks = { onLocked?: (until: Date) => Promise<void>; sleep?: (ms: number) => Promise<void> };

/**
 * One sign-in attempt under the throttle. `attempt` (the password check) runs only when there is budget left; the
 * failure that uses the last of it answers with the wait (after `onLocked`, e.g. an audit entry). `sleep` is for
 * tests of the slowdown.
 */
export async function throttledSignIn<T>(
  source: AttemptSource,
  attempt: () => Promise<SignInOutcome<T>>,
  options: Hooks = {},
): Promise<ThrottledOutcome<T>> {
  const secret = env().NEXTAUTH_SECRET;
  const device = deviceFor(source.deviceCookie, source.account, secret);
  const outcome = device
    ? await fromKnownDevice(source.account, device, attempt, options)
    : await fromElsewhere(source, attempt, options);
  return outcome.ok
    ? { ...outcome, deviceCookie: withDeviceToken(source.deviceCookie, source.account, secret) }
    : outcome;
}

/** A browser with a device cookie for this account: only that device's own failures count. */
async function fromKnownDevice<T>(
  account: string,
  device: string,
  attempt: () => Promise<SignInOutcome<T>>,
  options: Hooks,
): Promise<SignInOutcome<T>> {
  const limiters = loginLimiters();
  const deviceKey = keyOf(account, device);
  const own = await consumeOrRefusal(limiters.device.consume(deviceKey));
  if (own.refused) return own.refused;
  const outcome = await attempt();
  if (outcome.ok) {
    await limiters.device.delete(deviceKey);
    return outcome;
  }
  await limiters.account.penalty(keyOf(account));
  return own.res.remainingPoints > 0 ? outcome : locked(own.res, options);
}

/** Any other browser: the account-and-address and address budgets, and the account's slowdown. */
async function fromElsewhere<T>(
  source: AttemptSource,
  attempt: () => Promise<SignInOutcome<T>>,
  options: Hooks,
): Promise<SignInOutcome<T>> {
  const limiters = loginLimiters();
  // Hashed: keys fit the library's varchar(255) whatever the email, and the table holds no email or address.
  const keys = {
    accountAndAddress: keyOf(source.account, source.address),
    address: keyOf(source.address),
    account: keyOf(source.account),
  };

  await (options.sleep ?? sleep)(slowdownMs(await limiters.account.get(keys.account)));

  const pair = await consumeOrRefusal(limiters.accountAndAddress.consume(keys.accountAndAddress));
  if (pair.refused) return pair.refused;
  const address = await consumeOrRefusal(limiters.address.consume(keys.address));
  if (address.refused) {
    await limiters.accountAndAddress.reward(keys.accountAndAddress); // no password was checked
    return address.refused;
  }

  const outcome = await attempt();
  if (outcome.ok) {
    await limiters.accountAndAddress.delete(keys.accountAndAddress);
    await limiters.address.reward(keys.address);
    return outcome;
  }
  await limiters.account.penalty(keys.account);
  return pair.res.remainingPoints > 0 ? outcome : locked(pair.res, options);
}

/** The failure that used the last check of a budget (exactly one attempt sees that): audited, and told the wait. */
async function locked(res: RateLimiterRes, options: Hooks): Promise<{ ok: false; message: string }> {
  await options.onLocked?.(new Date(Date.now() + res.msBeforeNext));
  return { ok: false, message: waitMessage(res.msBeforeNext) };
}

function keyOf(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

type Consumed = { res: RateLimiterRes; refused?: undefined } | { refused: { ok: false; message: string } };

/** The library rejects with a RateLimiterRes when the budget is spent (an Error means the store failed: rethrown). */
async function consumeOrRefusal(consumed: Promise<RateLimiterRes>): Promise<Consumed> {
  try {
    return { res: await consumed };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { refused: { ok: false, message: waitMessage(error.msBeforeNext) } };
    throw error;
  }
}

function slowdownMs(account: RateLimiterRes | null): number {
  const over = (account?.consumedPoints ?? 0) - LOGIN_LIMITS.account.points;
  return over < 0 ? 0 : Math.min(SLOWDOWN_BASE_MS * 2 ** over, SLOWDOWN_MAX_MS);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function waitMessage(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
