// Provider webhooks (Mailchimp's list webhook): verified, read back, applied. Fast and idempotent: Mailchimp waits 10
// seconds for an answer and retries for 75 minutes when it gets none, so an event may arrive twice, or late.
import { recordAudit, SYSTEM_ACTOR } from "../audit";
import { db } from "../db";
import { mcClientForConnection } from "../integrations/mailchimp/client-for-connection";
import { parseWebhookBody, readWebhookMeaning, secretMatches, WebhookQuery } from "../integrations/mailchimp/webhook";
import { applyRemoteChangesNow, forgetSuppression } from "./remote-changes";

/** What to answer Mailchimp: 200 done; 400 not an event; 403 wrong secret; 410 no such webhook (stop calling). */
export type WebhookAnswer = { status: 200 | 400 | 403 | 410 | 503; applied?: number };

export async function handleMailchimpWebhook(query: URLSearchParams, body: string): Promise<WebhookAnswer> {
  const where = WebhookQuery.safeParse(Object.fromEntries(query));
  if (!where.success) return { status: 400 };
  const event = parseWebhookBody(body);
  if (!event) return { status: 400 };
  const connection = await db.connection.findUnique({
    where: { id: where.data.c },
    select: { id: true, businessId: true, provider: true, status: true, listId: true, webhookSecretHash: true },
  });
  // A connection that is gone or ended: Mailchimp should stop calling (410 disables the webhook for good).
  if (!connection || connection.provider !== "MAILCHIMP" || connection.status === "DISCONNECTED" || !connection.listId)
    return { status: 410 };
  if (!secretMatches(where.data.secret, connection.webhookSecretHash)) return { status: 403 };
  let meaning;
  try {
    const mc = await mcClientForConnection(connection.id, {
      purpose: { kind: "UNSUBSCRIBE_PULL", businessId: connection.businessId },
      maxRetries: 1,
      retryBaseMs: 200,
    });
    meaning = await readWebhookMeaning(mc, connection.listId, event);
  } catch (error) {
    // Mailchimp could not be asked (or the connection needs a reconnect): Mailchimp retries later, and the pull is
    // the fallback.
    console.warn(`Mailchimp webhook for ${connection.id} not applied yet: ${(error as Error).message}`);
    return { status: 503 };
  }
  if (meaning.kind === "changes") {
    const changed = await applyRemoteChangesNow(connection, meaning.changes);
    return { status: 200, applied: changed.length };
  }
  if (meaning.kind === "receiving") await forgetSuppression(connection.id, meaning.email);
  if (meaning.kind === "email-changed") {
    // The person changed their address in Mailchimp. The client's email here is the studio's record: it is not
    // changed, but the change is kept where staff look, so they can ask the client.
    await recordAudit({
      action: "integration.email_changed_there",
      actor: { ...SYSTEM_ACTOR, label: "Mailchimp" },
      businessId: connection.businessId,
      details: { provider: "MAILCHIMP", from: meaning.from, to: meaning.to },
    });
  }
  return { status: 200, applied: 0 };
}
