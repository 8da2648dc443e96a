// Support impersonation, "Log in as this business": a SUPPORT user acts as a business's owner for a limited time,
// with a reason, under their own name in the audit log. Started, stopped, replaced and expired here, each audited
// exactly once. The browser holds only a pointer (an httpOnly cookie with the row's id); findActiveImpersonation
// re-validates the row on every request, and business-context.ts makes the business context from it (the one place
// a business id is vouched for).
import { cookies } from "next/headers";
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit";
import { db, type Tx } from "../db";
import { cookieOptions } from "../http/cookie-options";
import { NotFoundError } from "../errors";
import type { SessionUser } from "./session";

/** How long one impersonation lasts; the row is ignored (and ended as expired) after this. */
export const IMPERSONATION_MINUTES = 60;

/** The httpOnly cookie holding the Impersonation id: only a pointer, validated against the database on every request. */
export const IMPERSONATION_COOKIE = "support_impersonation";

export const ImpersonationReason = z
  .string()
  .trim()
  .min(10, "Say why you need to log in as this business (at least 10 characters).")
  .max(500, "Keep the reason under 500 characters.");

export const StartImpersonationInput = z.object({ businessId: z.uuid(), reason: ImpersonationReason });
export type StartImpersonationInput = z.input<typeof StartImpersonationInput>;

type SupportPerson = { id: string; name: string; email: string };
type EndReason = "stopped" | "expired" | "replaced";
type OpenRow = { id: string; businessId: string; expiresAt: Date };

/**
 * The audit identity of a support user acting as a business. The actor is the support user (the person who really
 * clicked, never the owner, who did nothing), labelled "as" the business; `impersonator` carries the support user
 * again with their email, so the row has `impersonatorUserId` set and every listing shows both identities:
 * "Sam Support (support) as Sunrise Yoga" / support user "Sam Support <support@platform.test>". Every
 * `recordAudit({ actor: ctx.actor })` call picks this up without change.
 */
export function impersonationActor(supportUser: SupportPerson, businessName: string): AuditActor {
  return {
    userId: supportUser.id,
    label: `${supportUser.name} (support) as ${businessName}`,
    impersonator: { userId: supportUser.id, label: `${supportUser.name} <${supportUser.email}>` },
  };
}

/**
 * Starts one: only a SUPPORT user (re-read from the database, whatever the session claims) may; anyone else, and any
 * unknown business, is "not found". A support user has at most one running: starting another ends the previous one
 * (audited as replaced, or as expired if it had run out).
 */
export async function startImpersonation(input: { supportUserId: string; now?: Date } & StartImpersonationInput) {
  const now = input.now ?? new Date();
  const supportUser = await db.user.findUnique({
    where: { id: input.supportUserId },
    select: { id: true, name: true, email: true, platformRole: true },
  });
  if (!supportUser || supportUser.platformRole !== "SUPPORT") throw new NotFoundError();
  const { businessId, reason } = StartImpersonationInput.parse(input);
  const business = await db.business.findUnique({ where: { id: businessId }, select: { id: true, name: true } });
  if (!business) throw new NotFoundError();

  const expiresAt = new Date(now.getTime() + IMPERSONATION_MINUTES * 60_000);
  return db.$transaction(async (tx) => {
    const open = await tx.impersonation.findMany({
      where: { supportUserId: supportUser.id, endedAt: null },
      select: { id: true, businessId: true, expiresAt: true },
    });
    for (const row of open)
      await endImpersonationOnce(row, supportUser, row.expiresAt <= now ? "expired" : "replaced", now, tx);
    const row = await tx.impersonation.create({
      data: { supportUserId: supportUser.id, businessId: business.id, reason, startedAt: now, expiresAt },
      select: { id: true, expiresAt: true },
    });
    await recordAudit(
      {
        action: "support.impersonation_started",
        actor: impersonationActor(supportUser, business.name),
        businessId: business.id,
        target: { type: "Impersonation", id: row.id },
        details: { reason, expiresAt: expiresAt.toISOString(), minutes: IMPERSONATION_MINUTES },
      },
      tx,
    );
    return { impersonationId: row.id, expiresAt: row.expiresAt, businessName: business.name };
  });
}

/**
 * Stop: ends the support user's own impersonation. Someone else's id, an unknown id or one already ended does
 * nothing (and says so); one found past its time is recorded as expired, not stopped.
 */
export async function stopImpersonation(input: {
  supportUser: SupportPerson;
  impersonationId: string | null | undefined;
  now?: Date;
}) {
  const now = input.now ?? new Date();
  const id = z.uuid().safeParse(input.impersonationId);
  if (!id.success) return { stopped: false as const };
  const row = await db.impersonation.findFirst({
    where: { id: id.data, supportUserId: input.supportUser.id, endedAt: null },
    select: { id: true, businessId: true, expiresAt: true },
  });
  if (!row) return { stopped: false as const };
  const how = row.expiresAt <= now ? "expired" : "stopped";
  const ended = await endImpersonationOnce(row, input.supportUser, how, now);
  return { stopped: ended && how === "stopped", expired: ended && how === "expired" };
}

export type ActiveImpersonation = {
  id: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  business: { id: string; name: string; slug: string; countryCode: string };
};

/**
 * The support user's running impersonation, or null. The cookie value is only a pointer: the row must be this
 * support user's own, not ended and not expired, every request, so a forged cookie or someone else's impersonation
 * id gives nothing. An expired row is ended and audited (once) when it is first noticed.
 */
export async function findActiveImpersonation(input: {
  supportUser: SessionUser;
  impersonationId: string | null | undefined;
  now?: Date;
}): Promise<ActiveImpersonation | null> {
  const { supportUser } = input;
  if (!supportUser.isSupport) return null;
  const id = z.uuid().safeParse(input.impersonationId);
  if (!id.success) return null;
  const now = input.now ?? new Date();
  const row = await db.impersonation.findFirst({
    where: { id: id.data, supportUserId: supportUser.id, endedAt: null },
    select: { id: true, businessId: true, reason: true, startedAt: true, expiresAt: true },
  });
  if (!row) return null;
  if (row.expiresAt <= now) {
    await endImpersonationOnce(row, supportUser, "expired", now);
    return null;
  }
  const business = await db.business.findUnique({
    where: { id: row.businessId },
    select: { id: true, name: true, slug: true, countryCode: true },
  });
  if (!business) return null;
  return { id: row.id, reason: row.reason, startedAt: row.startedAt, expiresAt: row.expiresAt, business };
}

/**
 * Ends every impersonation of this support user that has run past its time (audited as expired), e.g. when the
 * support console opens: the expiry is recorded even if no admin page was requested after it.
 */
export async function expireImpersonationsOf(supportUser: SupportPerson, now = new Date()): Promise<number> {
  const stale = await db.impersonation.findMany({
    where: { supportUserId: supportUser.id, endedAt: null, expiresAt: { lte: now } },
    select: { id: true, businessId: true, expiresAt: true },
  });
  let count = 0;
  for (const row of stale) if (await endImpersonationOnce(row, supportUser, "expired", now)) count++;
  return count;
}

/**
 * Ends one impersonation and audits it, exactly once: the update only matches a row that has not ended yet, so two
 * requests noticing the same expiry (a layout and its page render in parallel) write one `endedAt` and one audit
 * entry. An expired row ends at its expiry time, not when someone happened to notice.
 */
async function endImpersonationOnce(row: OpenRow, supportUser: SupportPerson, how: EndReason, now: Date, tx?: Tx) {
  const run = async (t: Tx) => {
    const endedAt = how === "expired" ? row.expiresAt : now;
    const ended = await t.impersonation.updateMany({ where: { id: row.id, endedAt: null }, data: { endedAt } });
    if (ended.count === 0) return false;
    const business = await t.business.findUnique({ where: { id: row.businessId }, select: { name: true } });
    await recordAudit(
      {
        action: how === "expired" ? "support.impersonation_expired" : "support.impersonation_stopped",
        actor: impersonationActor(supportUser, business?.name ?? "a deleted business"),
        businessId: business ? row.businessId : null,
        target: { type: "Impersonation", id: row.id },
        details:
          how === "expired"
            ? { expiredAt: row.expiresAt.toISOString() }
            : { endedBy: how === "replaced" ? "started another impersonation" : "support user clicked Stop" },
      },
      t,
    );
    return true;
  };
  return tx ? run(tx) : db.$transaction(run);
}

/** The pointer cookie of this request (inside a Next request: a page, a route handler or a server action). */
export async function readImpersonationCookie(): Promise<string | null> {
  return (await cookies()).get(IMPERSONATION_COOKIE)?.value ?? null;
}

export async function setImpersonationCookie(impersonationId: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(IMPERSONATION_COOKIE, impersonationId, cookieOptions({ expires: expiresAt }));
}

export async function clearImpersonationCookie(): Promise<void> {
  (await cookies()).delete(IMPERSONATION_COOKIE);
}
