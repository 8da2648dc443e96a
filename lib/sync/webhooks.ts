// Provider webhooks (Mailchimp's list webhook): verified, read back, applied. Fast and idempotent: Mailchimp waits 10
// seconds for an answer and retries for 75 minutes when it gets none, so an event may arrive twice, or late.
import { recordAudit, SYSTEM_ACTOR } from "../audit";
import { mcClientFromRow, readConnectionWithToken } from "../integrations/mailchimp/client-for-connection";
import { parseWebhookBody, readWebhookMeaning, secretMatches, WebhookQuery } from "../integrations/mailchimp/webhook";
import type { ChangedClient } from "../clients/change-consent";
import { normalizeEmail } from "../clients/normalize-email";
import { applyRemoteChangesNow, forgetSuppression, type ConnectionOf, type RemoteChange } from "./remote-changes";

/** What to answer Mailchimp: 200 done; 400 not an event; 403 wrong secret; 410 no such webhook (stop calling). */
export type WebhookAnswer = { status: 200 | 400 | 403 | 410 | 503; applied?: number };

export async function handleMailchimpWebhook(query: URLSearchParams, body: string): Promise<WebhookAnswer> {
  const where = WebhookQuery.safeParse(Object.fromEntries(query));
  if (!where.success) return { status: 400 };
  const event = parseWebhookBody(body);
  if (!event) return { status: 400 };
  // One read: the secret's hash, and the token the member is read back with.
  const connection = await readConnectionOnce(where.data.c);
  // A connection that is gone or ended: Mailchimp should stop calling (410 disables the webhook for good).
  if (!connection || connection.provider !== "MAILCHIMP" || connection.status === "DISCONNECTED" || !connection.listId)
    return { status: 410 };
  if (!secretMatches(where.data.secret, connection.webhookSecretHash)) return { status: 403 };
  let meaning;
  try {
    const mc = mcClientFromRow(connection.id, connection, {
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
    const { id, businessId, provider } = connection;
    const changed = await applyWithOthers({ id, businessId, provider }, meaning.changes);
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

/**
 * The events of a burst that arrive while their connection is being read share that read (each still checks its own
 * secret against it). The row is at most one read old: a change committed during it (a disconnect) is seen by the
 * next event, and an event let through meanwhile can only read its member back from Mailchimp and apply what is true
 * there.
 */
type ConnectionRow = Awaited<ReturnType<typeof readConnectionWithToken>>;
const reading = new Map<string, Promise<ConnectionRow>>();

function readConnectionOnce(connectionId: string): Promise<ConnectionRow> {
  let read = reading.get(connectionId);
  if (!read) {
    read = readConnectionWithToken(connectionId).finally(() => reading.delete(connectionId));
    reading.set(connectionId, read);
  }
  return read;
}

/**
 * Group commit. A burst of events for one connection (an owner unsubscribing a segment in Mailchimp fires one webhook
 * per member, a thousand in seconds) would otherwise be a thousand small transactions queueing for the database.
 * Instead, while this process applies one connection's changes, the events arriving meanwhile wait and are then
 * applied together, in one transaction of a fixed number of statements (applyRemoteChanges). Each event is answered
 * when its own change is committed, never before; a failed transaction fails every event in it, and Mailchimp retries
 * each. Other processes do the same with their own events: the changes are idempotent, so they never conflict.
 */
type Waiting = {
  connection: ConnectionOf;
  changes: RemoteChange[];
  waiters: { emails: Set<string>; resolve(changed: ChangedClient[]): void; reject(error: unknown): void }[];
};
const applying = new Map<string, { next: Waiting | null }>();

function applyWithOthers(connection: ConnectionOf, changes: RemoteChange[]): Promise<ChangedClient[]> {
  return new Promise((resolve, reject) => {
    const emails = new Set(changes.map((c) => normalizeEmail(c.email)).filter((e): e is string => !!e));
    let queue = applying.get(connection.id);
    const start = !queue;
    if (!queue) applying.set(connection.id, (queue = { next: null }));
    queue.next ??= { connection, changes: [], waiters: [] };
    queue.next.changes.push(...changes);
    queue.next.waiters.push({ emails, resolve, reject });
    if (start) void drain(connection.id, queue);
  });
}

async function drain(connectionId: string, queue: { next: Waiting | null }): Promise<void> {
  while (queue.next) {
    const batch = queue.next;
    queue.next = null;
    try {
      const changed = await applyRemoteChangesNow(batch.connection, batch.changes);
      // Each event is told about its own clients (the benchmark and the logs count them).
      for (const waiter of batch.waiters) waiter.resolve(changed.filter((c) => c.email && waiter.emails.has(c.email)));
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
    }
  }
  applying.delete(connectionId);
}
