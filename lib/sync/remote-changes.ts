// What a person did in a provider, brought back here: an unsubscribe withdraws the client's consent (one consent for
// every provider: the other lists drop the address at their next push) and is remembered as a suppression, so the
// push never tries to subscribe the address again; a cleaned (bounced) address is remembered too and shown to the
// front desk as bouncing, without touching consent. Applied from pulls, webhooks and a batch's refusals alike,
// idempotently (each may repeat what another already told us).
import { applyProviderUnsubscribes } from "../clients/apply-provider-unsubscribe";
import type { ChangedClient } from "../clients/change-consent";
import { normalizeEmail } from "../clients/normalize-email";
import { db, type Tx } from "../db";
import type { BounceKind, Provider } from "../generated/prisma/client";
import type { PulledBounce, PulledChange } from "../integrations/provider";
import { requestSync } from "../jobs/request-sync";

export type ConnectionOf = { id: string; businessId: string; provider: Provider };

export type RemoteChange = PulledChange;

/**
 * Applies the changes in the caller's transaction: returns the clients whose consent changed, with their addresses
 * (the caller asks for a sync after commit when there are any). The same statements for any number of changes (a
 * pull's page, a burst of webhooks), but one more per cleaned address (its bounce).
 */
export async function applyRemoteChanges(
  tx: Tx,
  connection: ConnectionOf,
  changes: RemoteChange[],
): Promise<ChangedClient[]> {
  const normalized = changes.flatMap((change) => {
    const email = normalizeEmail(change.email);
    return email ? [{ ...change, email }] : [];
  });
  if (normalized.length === 0) return [];
  await recordSuppressions(tx, connection.id, normalized);
  const unsubscribes: { email: string; at: Date }[] = [];
  for (const change of normalized) {
    if (change.kind === "unsubscribed") {
      unsubscribes.push({ email: change.email, at: change.at });
      continue;
    }
    await recordBounce(tx, connection, change.email, {
      kind: change.bounce?.kind ?? "UNDELIVERABLE",
      code: change.bounce?.code ?? "cleaned",
      campaignName: change.bounce?.campaignName,
      at: change.at,
    });
  }
  return applyProviderUnsubscribes(tx, connection.businessId, connection.provider, unsubscribes);
}

/**
 * Remembers each address as suppressed, in one statement: cleaned is final; an unsubscribe keeps the kind known and
 * records its time. Changes of one address are folded first (a row may be written once per statement), as if
 * applied in order.
 */
async function recordSuppressions(tx: Tx, connectionId: string, changes: (RemoteChange & { email: string })[]) {
  const folded = new Map<string, { kind: "CLEANED" | "UNSUBSCRIBED"; at: Date }>();
  for (const change of changes) {
    const known = folded.get(change.email);
    const cleaned = change.kind === "cleaned" || known?.kind === "CLEANED";
    folded.set(change.email, { kind: cleaned ? "CLEANED" : "UNSUBSCRIBED", at: change.at });
  }
  const rows = [...folded.entries()];
  await tx.$executeRaw`
    INSERT INTO "Suppression" ("connectionId", "email", "kind", "at")
    SELECT ${connectionId}::uuid, s.email, s.kind::"SuppressionKind", s.at
    FROM unnest(${rows.map(([email]) => email)}::text[], ${rows.map(([, r]) => r.kind)}::text[],
      ${rows.map(([, r]) => r.at)}::timestamptz[]) AS s(email, kind, at)
    ON CONFLICT ("connectionId", "email") DO UPDATE SET "at" = EXCLUDED."at",
      "kind" = CASE WHEN EXCLUDED."kind" = 'CLEANED' THEN EXCLUDED."kind" ELSE "Suppression"."kind" END`;
}

/** The same, in a transaction of its own, with the sync asked for after commit. */
export async function applyRemoteChangesNow(
  connection: ConnectionOf,
  changes: RemoteChange[],
): Promise<ChangedClient[]> {
  if (changes.length === 0) return [];
  const changed = await db.$transaction((tx) => applyRemoteChanges(tx, connection, changes), { timeout: 60_000 });
  if (changed.length > 0) await requestSync(connection.businessId, "CLIENT_CHANGE");
  return changed;
}

/** The address is receiving again there (the person re-subscribed or confirmed): the push may subscribe it. */
export async function forgetSuppression(connectionId: string, email: string): Promise<void> {
  const normalized = normalizeEmail(email);
  if (normalized) await db.suppression.deleteMany({ where: { connectionId, email: normalized, kind: "UNSUBSCRIBED" } });
}

/** We unsubscribed these addresses there ourselves (a client opted out here, an email changed away). */
export async function recordOwnUnsubscribes(connectionId: string, emails: string[], at = new Date()): Promise<void> {
  if (emails.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "Suppression" ("connectionId", "email", "kind", "at")
    SELECT ${connectionId}::uuid, e, 'UNSUBSCRIBED', ${at} FROM unnest(${emails}::text[]) AS e
    ON CONFLICT ("connectionId", "email") DO NOTHING`;
}

/** The latest bounce of an address wins (a newer campaign's bounce replaces an older one's). */
export async function recordBounce(
  tx: Tx,
  connection: ConnectionOf,
  email: string,
  bounce: { kind: BounceKind; code: string | null; campaignName?: string; at: Date },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "EmailBounce" ("connectionId", "email", "businessId", "kind", "code", "campaignName", "bouncedAt")
    VALUES (${connection.id}::uuid, ${email}, ${connection.businessId}::uuid, ${bounce.kind}::"BounceKind", ${bounce.code},
      ${bounce.campaignName ?? null}, ${bounce.at})
    ON CONFLICT ("connectionId", "email") DO UPDATE SET "kind" = EXCLUDED."kind", "code" = EXCLUDED."code",
      "campaignName" = EXCLUDED."campaignName", "bouncedAt" = EXCLUDED."bouncedAt", "recordedAt" = now()
    WHERE "EmailBounce"."bouncedAt" <= EXCLUDED."bouncedAt"`;
}

/**
 * Records a pull's bounces of addresses that are in our list (as the push put them there) and belong to a client
 * of the business; the rest of the account's contacts are none of our business. One statement for any number (a
 * campaign to a large list bounces by the thousand); a bounce already recorded, or older than the one recorded, is
 * left alone, so a re-read records nothing twice. Returns how many were recorded.
 */
export async function recordPulledBounces(
  tx: Tx,
  connection: ConnectionOf & { listId: string },
  bounces: PulledBounce[],
): Promise<number> {
  // The latest bounce per address: one row may be written once per statement.
  const latest = new Map<string, PulledBounce>();
  for (const bounce of bounces) {
    const email = normalizeEmail(bounce.email);
    if (!email) continue;
    const known = latest.get(email);
    if (!known || bounce.at > known.at) latest.set(email, { ...bounce, email });
  }
  if (latest.size === 0) return 0;
  const rows = [...latest.values()];
  return tx.$executeRaw`
    INSERT INTO "EmailBounce" ("connectionId", "email", "businessId", "kind", "code", "campaignName", "bouncedAt")
    SELECT ${connection.id}::uuid, b.email, ${connection.businessId}::uuid, b.kind::"BounceKind", b.code, b.campaign, b.at
    FROM unnest(${rows.map((r) => r.email)}::text[], ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.campaignName)}::text[],
      ${rows.map((r) => r.at)}::timestamptz[]) AS b(email, kind, code, campaign, at)
    WHERE EXISTS (
      SELECT 1 FROM "ClientSyncState" s JOIN "Client" c ON c.id = s."clientId"
      WHERE s."connectionId" = ${connection.id}::uuid AND s."syncedListId" = ${connection.listId}
        AND s."syncedEmail" = b.email AND c."businessId" = ${connection.businessId}::uuid AND c."emailNormalized" = b.email)
    ON CONFLICT ("connectionId", "email") DO UPDATE SET "kind" = EXCLUDED."kind", "code" = EXCLUDED."code",
      "campaignName" = EXCLUDED."campaignName", "bouncedAt" = EXCLUDED."bouncedAt", "recordedAt" = now()
    WHERE "EmailBounce"."bouncedAt" < EXCLUDED."bouncedAt"`;
}
