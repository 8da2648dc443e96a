import { db, type Tx } from "../db";
import { SYSTEM_ACTOR } from "../audit";
import { requestSync } from "../jobs/request-sync";
import { applyConsentChange } from "./change-consent";
import { normalizeEmail } from "./normalize-email";
import type { Provider } from "../generated/prisma/client";

export type ProviderUnsubscribe = {
  businessId: string;
  /** Where the person unsubscribed (or bounced): the consent change's source. */
  provider: Provider;
  /** The contact's email as the provider reports it (matched case-insensitively). */
  email: string;
  /** The provider's opt-out time. */
  unsubscribedAt: Date;
};

const PROVIDER_CLOCK_RESOLUTION_MS = 1_000;

const SOURCE_LABELS: Record<Provider, string> = {
  CONSTANT_CONTACT: "Constant Contact unsubscribe",
  MAILCHIMP: "Mailchimp unsubscribe",
};

/**
 * Applies one contact's unsubscribe in a provider (Constant Contact, Mailchimp) to every client of the business with
 * that email (a family shares one contact, so all of them are opted out). A client's consent is one: the other
 * provider's list drops the address at its next push. Idempotent, because the pull re-reads an overlap
 * window: a client already opted out is left alone, and so is a client whose opt-in in our app is newer than the
 * unsubscribe (staff recorded fresh consent afterwards; a stale unsubscribe must not undo it).
 *
 * Pass `tx` to apply it inside the caller's transaction (e.g. with the cursor that records progress); the caller
 * then asks for a sync itself. Returns the ids of the clients that changed.
 */
export async function applyProviderUnsubscribe(
  event: ProviderUnsubscribe,
  options: { tx?: Tx } = {},
): Promise<string[]> {
  const emailNormalized = normalizeEmail(event.email);
  if (!emailNormalized) return [];
  const ctx = { businessId: event.businessId, actor: { ...SYSTEM_ACTOR, label: SOURCE_LABELS[event.provider] } };

  const apply = async (tx: Tx) => {
    const candidates = await tx.client.findMany({
      where: { businessId: event.businessId, emailNormalized, newsOptIn: true },
      select: {
        id: true,
        consentEvents: {
          where: { toOptIn: true },
          orderBy: { createdAt: "desc" },
          take: 1,
          select: { createdAt: true },
        },
      },
    });
    const changed: string[] = [];
    for (const client of candidates) {
      const lastOptIn = client.consentEvents[0]?.createdAt;
      // Providers report the unsubscribe to the second (Mailchimp's last_changed): an opt-in here within that same
      // second cannot be told to be newer, and then the unsubscribe wins (nobody is mailed who may have said no).
      if (lastOptIn && lastOptIn.getTime() >= event.unsubscribedAt.getTime() + PROVIDER_CLOCK_RESOLUTION_MS) continue;
      const outcome = await applyConsentChange(tx, ctx, {
        clientId: client.id,
        optIn: false,
        source: event.provider,
        at: event.unsubscribedAt,
      });
      if (outcome.changed) changed.push(client.id);
    }
    return changed;
  };

  if (options.tx) return apply(options.tx);
  const changed = await db.$transaction(apply);
  if (changed.length > 0) await requestSync(event.businessId, "CLIENT_CHANGE");
  return changed;
}
