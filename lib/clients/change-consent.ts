// The one door for "Subscribe to news and updates". The vendor rules (consent-rules.ts): an opt-in needs consent (how
// it was given and when); an opt-out is always allowed. Every real change writes a ConsentEvent (the history on the profile), an
// audit entry and the sync outbox, in one transaction. Setting the value it already has changes nothing.
import { db, type Tx } from "../db";
import { recordAudit, recordAudits, type AuditEntry } from "../audit";
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

/** A client whose consent withdrawConsents withdrew, with its (normalized) email. */
export type ChangedClient = { id: string; email: string | null };

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
  const records = consentRecords(ctx, change, at, consentGivenAt);
  await tx.consentEvent.create({ data: records.event });
  await recordAudit(records.audit, tx);
  return { changed: true };
}

/**
 * Many clients' consent withdrawn at once by one source (a provider's burst of unsubscribes): the same change, history
 * and audit as applyConsentChange's opt-out, in three statements for any number of clients. A client already opted
 * out is left alone. Returns the clients that changed, each with its (normalized) email.
 */
export async function withdrawConsents(
  tx: Tx,
  ctx: ClientsContext,
  source: ConsentChangeSource,
  withdrawals: { clientId: string; at: Date }[],
): Promise<ChangedClient[]> {
  const latest = new Map<string, Date>();
  for (const w of withdrawals) {
    const known = latest.get(w.clientId);
    if (!known || w.at > known) latest.set(w.clientId, w.at);
  }
  if (latest.size === 0) return [];
  // One UPDATE for all: each client's own time (Prisma's updateMany sets one value for every row). Only a client
  // still opted in is touched, as in applyConsentChange, so a repeated burst changes nothing twice.
  const changed = await tx.$queryRaw<{ id: string; email: string | null; at: Date }[]>`
    UPDATE "Client" AS c
    SET "newsOptIn" = false, "unsubscribedAt" = w.at, "unsubscribeSource" = ${source}::"ConsentChangeSource",
      "syncVersion" = c."syncVersion" + 1, "updatedAt" = now()
    FROM unnest(${[...latest.keys()]}::uuid[], ${[...latest.values()]}::timestamptz[]) AS w(id, at)
    WHERE c.id = w.id AND c."businessId" = ${ctx.businessId}::uuid AND c."newsOptIn"
    RETURNING c.id, c."emailNormalized" AS email, w.at`;
  const records = changed.map((row) => consentRecords(ctx, { clientId: row.id, optIn: false, source }, row.at, null));
  if (records.length > 0) await tx.consentEvent.createMany({ data: records.map((r) => r.event) });
  await recordAudits(
    records.map((r) => r.audit),
    tx,
  );
  return changed.map(({ id, email }) => ({ id, email }));
}

/** A consent change's history entry and audit entry: the same whether one client changes or many. */
function consentRecords(
  ctx: ClientsContext,
  change: Pick<ConsentChange, "clientId" | "optIn" | "source" | "method" | "actorClientId">,
  at: Date,
  consentGivenAt: Date | null,
) {
  const event = {
    businessId: ctx.businessId,
    clientId: change.clientId,
    fromOptIn: !change.optIn,
    toOptIn: change.optIn,
    source: change.source,
    consentMethod: change.optIn ? (change.method ?? null) : null,
    consentGivenAt,
    actorUserId: ctx.actor.userId,
    impersonatorUserId: ctx.actor.impersonator?.userId ?? null,
    actorClientId: change.actorClientId ?? null,
    createdAt: at,
  };
  const audit: AuditEntry = {
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
  };
  return { event, audit };
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
