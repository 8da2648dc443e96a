import type { Tx } from "../db";
import { SYSTEM_ACTOR } from "../audit";
import { withdrawConsents, type ChangedClient } from "./change-consent";
import { normalizeEmail } from "./normalize-email";
import type { Provider } from "../generated/prisma/client";

const PROVIDER_CLOCK_RESOLUTION_MS = 1_000;

const SOURCE_LABELS: Record<Provider, string> = {
  CONSTANT_CONTACT: "Constant Contact unsubscribe",
  MAILCHIMP: "Mailchimp unsubscribe",
};

/**
 * Applies contacts' unsubscribes in a provider (Constant Contact, Mailchimp) to every client of the business with
 * each email (a family shares one contact, so all of them are opted out), in the caller's transaction (with the
 * pull's cursor, the webhook's group commit); the caller asks for a sync after commit. A client's consent is one: the
 * other provider's list drops the address at its next push. Idempotent, because the pull re-reads an overlap window:
 * a client already opted out is left alone, and so is a client whose opt-in in our app is newer than the unsubscribe
 * (staff recorded fresh consent afterwards; a stale unsubscribe must not undo it). Four statements for any number of
 * contacts (the clients with their last opt-in, then withdrawConsents). Returns the clients that changed, each with
 * its email.
 */
export async function applyProviderUnsubscribes(
  tx: Tx,
  businessId: string,
  provider: Provider,
  unsubscribes: { email: string; at: Date }[],
): Promise<ChangedClient[]> {
  // The latest unsubscribe per address: it is the one a newer opt-in here has to beat.
  const latest = new Map<string, Date>();
  for (const u of unsubscribes) {
    const email = normalizeEmail(u.email);
    const known = email ? latest.get(email) : undefined;
    if (email && (!known || u.at > known)) latest.set(email, u.at);
  }
  if (latest.size === 0) return [];
  // The opted-in clients with each address, and the time of each one's last opt-in. A join on the addresses, so the
  // (businessId, emailNormalized) index is probed once per address: with `emailNormalized IN (...)` the planner was
  // seen to pick the trigram index (pg_trgm answers equality too) and recheck every row of the business, a second
  // for 300 addresses.
  const candidates = await tx.$queryRaw<{ id: string; email: string; lastOptIn: Date | null }[]>`
    SELECT c.id, c."emailNormalized" AS email,
      (SELECT max(ce."createdAt") FROM "ConsentEvent" ce WHERE ce."clientId" = c.id AND ce."toOptIn") AS "lastOptIn"
    FROM unnest(${[...latest.keys()]}::text[]) AS e(email)
    JOIN "Client" c ON c."businessId" = ${businessId}::uuid AND c."emailNormalized" = e.email
    WHERE c."newsOptIn"`;
  const withdrawals = candidates.flatMap((client) => {
    const at = latest.get(client.email)!;
    const lastOptIn = client.lastOptIn;
    // Providers report the unsubscribe to the second (Mailchimp's last_changed): an opt-in here within that same
    // second cannot be told to be newer, and then the unsubscribe wins (nobody is mailed who may have said no).
    if (lastOptIn && lastOptIn.getTime() >= at.getTime() + PROVIDER_CLOCK_RESOLUTION_MS) return [];
    return [{ clientId: client.id, at }];
  });
  const ctx = { businessId, actor: { ...SYSTEM_ACTOR, label: SOURCE_LABELS[provider] } };
  return withdrawConsents(tx, ctx, provider, withdrawals);
}
