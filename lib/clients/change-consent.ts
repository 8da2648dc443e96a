// The one door for "Subscribe to news and updates". The vendor rules (consent-rules.ts): an opt-in needs consent (how
// it was given and when); an opt-out is always allowed. Every real change writes a ConsentEvent (the history on the profile), an
// audit entry and the sync outbox, in one transaction. Setting the value it already has changes nothing.
import { db, type Tx } from "../db";
import { recordAudit } from "../audit";
import { NotFoundError } from "../errors";
import { requestSync } from "../jobs/request-sync";
import type { ConsentChangeSource, ConsentMethod } from "../generated/prisma/client";
import type { ClientsContext } from "./client-context";
import { consentChangeProblem, consentGivenAtOf, StaffConsentInput } from "./consent-rules";
import { fieldError } from "./load-business-options";
import { MARK_SYNC_PENDING } from "./mark-sync-pending";

export type ConsentChange = {
  clientId: string;
  optIn: boolean;
  source: ConsentChangeSource;
  /** Required to opt in. */
  method?: ConsentMethod | null;
  /** When the client gave consent (staff may record an earlier date); defaults to now. */
  consentGivenAt?: Date | null;
  /** When the change happened (a Constant Contact unsubscribe carries its own time); defaults to now. */
  at?: Date;
  /** The client acting for themselves in the Client Portal (their own session). */
  actorClientId?: string;
};

export type ConsentOutcome = { changed: boolean };

export async function applyConsentChange(tx: Tx, ctx: ClientsContext, change: ConsentChange): Promise<ConsentOutcome> {
  const at = change.at ?? new Date();
  const problem = consentChangeProblem(change);
  if (problem) throw problem.field ? fieldError(problem.field, problem.message) : new Error(problem.message);
  // Who really acted is always recorded: a Client Portal change is the client's own (from their session), and no
  // one else may claim it; a staff change names the staff member (and the support user impersonating, if any).
  if (
    (change.source === "CLIENT_PORTAL" || change.method === "CLIENT_PORTAL") &&
    change.actorClientId !== change.clientId
  ) {
    throw new Error("A Client Portal consent change must come from the client's own portal session.");
  }
  if (change.actorClientId && (ctx.actor.userId || ctx.actor.impersonator))
    throw new Error("A change is made by a client or by staff, never both.");
  const consentGivenAt = change.optIn ? (change.consentGivenAt ?? at) : null;

  // Conditional update: only a client whose opt-in differs is touched, so two identical requests racing each
  // other make one change and one history entry, never two.
  const updated = await tx.client.updateMany({
    where: { id: change.clientId, businessId: ctx.businessId, newsOptIn: !change.optIn },
    data: change.optIn
      ? { newsOptIn: true, consentAt: consentGivenAt, consentMethod: change.method, ...MARK_SYNC_PENDING }
      : // consentAt/consentMethod stay as the record of the consent that was withdrawn.
        { newsOptIn: false, unsubscribedAt: at, unsubscribeSource: change.source, ...MARK_SYNC_PENDING },
  });
  if (updated.count === 0) {
    const exists = await tx.client.findFirst({
      where: { id: change.clientId, businessId: ctx.businessId },
      select: { id: true },
    });
    if (!exists) throw new NotFoundError();
    return { changed: false };
  }
  await tx.consentEvent.create({
    data: {
      businessId: ctx.businessId,
      clientId: change.clientId,
      fromOptIn: !change.optIn,
      toOptIn: change.optIn,
      source: change.source,
      consentMethod: change.optIn ? change.method : null,
      consentGivenAt,
      actorUserId: ctx.actor.userId,
      impersonatorUserId: ctx.actor.impersonator?.userId ?? null,
      actorClientId: change.actorClientId ?? null,
      createdAt: at,
    },
  });
  await recordAudit(
    {
      action: "client.consent_changed",
      actor: ctx.actor,
      businessId: ctx.businessId,
      target: { type: "client", id: change.clientId },
      details: {
        source: change.source,
        from: !change.optIn,
        to: change.optIn,
        method: change.optIn ? (change.method ?? null) : null,
        consentGivenAt: consentGivenAt?.toISOString() ?? null,
      },
    },
    tx,
  );
  return { changed: true };
}

/** Runs one consent change in its own transaction and asks for a sync after commit. */
export async function changeConsent(ctx: ClientsContext, change: ConsentChange): Promise<ConsentOutcome> {
  const outcome = await db.$transaction((tx) => applyConsentChange(tx, ctx, change));
  if (outcome.changed) await requestSync(ctx.businessId, "CLIENT_CHANGE");
  return outcome;
}

/** Staff turn the opt-in on (with the consent they witnessed) or off. */
export async function changeConsentByStaff(
  ctx: ClientsContext,
  raw: StaffConsentInput,
  now = new Date(),
): Promise<ConsentOutcome> {
  const input = StaffConsentInput.parse(raw);
  if (!input.optIn) return changeConsent(ctx, { clientId: input.clientId, optIn: false, source: "STAFF", at: now });
  const given = consentGivenAtOf(input.consentGivenOn, now, await businessTimeZone(ctx.businessId));
  if (!given.ok) throw fieldError("consentGivenOn", given.message);
  return changeConsent(ctx, {
    clientId: input.clientId,
    optIn: true,
    source: "STAFF",
    method: input.method,
    consentGivenAt: given.at,
    at: now,
  });
}

async function businessTimeZone(businessId: string): Promise<string> {
  const business = await db.business.findUnique({ where: { id: businessId }, select: { timeZone: true } });
  if (!business) throw new NotFoundError();
  return business.timeZone;
}
