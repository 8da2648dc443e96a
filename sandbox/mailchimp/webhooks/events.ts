// Webhook events as Mailchimp sends them: `type`, `fired_at` (`YYYY-MM-DD HH:MM:SS`, UTC) and `data[...]` fields,
// form-encoded. One delivery per webhook of the list whose `events` include the type and whose `sources` include who
// made the change (`sources.api: false` means the app never hears back about its own API writes).
import { randomUUID } from "node:crypto";
import type { McSandbox } from "../context";
import type { ChangeSource, Member, WebhookEventType } from "../model";
import type { AccountStore, ListStore } from "../state";

export type MemberEvent =
  | { type: "subscribe" }
  | { type: "profile" }
  | { type: "unsubscribe"; action: "unsub" | "delete"; reason: "manual" | "abuse"; campaignId?: string }
  | { type: "cleaned"; reason: "hard" | "abuse"; campaignId?: string }
  | { type: "upemail"; oldEmail: string };

/** `2026-03-02 12:00:00`: Mailchimp's fired_at is not ISO 8601. We send UTC. */
export function firedAt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** The form body of an event about a member, in the field order of Mailchimp's sample payloads. */
export function eventBody(list: ListStore, member: Member, event: MemberEvent, at: number): string {
  const form = new URLSearchParams();
  form.append("type", event.type);
  form.append("fired_at", firedAt(at));
  const data = (key: string, value: string | number) => form.append(`data[${key}]`, String(value));
  const listId = list.list.listId;
  switch (event.type) {
    case "cleaned":
      data("list_id", listId);
      data("campaign_id", event.campaignId ?? "");
      data("reason", event.reason);
      data("email", member.emailAddress);
      break;
    case "upemail":
      data("list_id", listId);
      data("new_id", member.uniqueEmailId);
      data("new_email", member.emailAddress);
      data("old_email", event.oldEmail);
      break;
    default:
      if (event.type === "unsubscribe") {
        data("action", event.action);
        data("reason", event.reason);
      }
      data("id", member.uniqueEmailId);
      data("list_id", listId);
      data("email", member.emailAddress);
      data("email_type", member.emailType);
      data("web_id", member.webId);
      data("ip_opt", member.ipOpt);
      if (event.type === "subscribe") data("ip_signup", member.ipSignup);
      if (event.type === "unsubscribe") data("campaign_id", event.campaignId ?? "");
      appendMerges(form, list, member);
  }
  return form.toString();
}

function appendMerges(form: URLSearchParams, list: ListStore, member: Member): void {
  form.append("data[merges][EMAIL]", member.emailAddress);
  for (const field of list.mergeFields) {
    const value = member.mergeFields[field.tag];
    if (typeof value === "object" && value !== null) {
      for (const [part, text] of Object.entries(value))
        form.append(`data[merges][${field.tag}][${part}]`, String(text));
    } else {
      form.append(`data[merges][${field.tag}]`, value === undefined ? "" : String(value));
    }
  }
  const selected = list.interests.filter((i) => member.interests[i.id] === true).map((i) => i.name);
  form.append("data[merges][INTERESTS]", selected.join(", "));
}

/** Queues a delivery of the event to every webhook of the list that wants it. */
export function fireEvent(
  sandbox: McSandbox,
  store: AccountStore,
  list: ListStore,
  member: Member,
  event: MemberEvent,
  source: ChangeSource,
): void {
  const at = sandbox.now();
  const type: WebhookEventType = event.type;
  for (const webhook of list.webhooks) {
    if (!webhook.enabled || !webhook.events[type] || !webhook.sources[source]) continue;
    sandbox.webhooks.enqueue({
      deliveryId: randomUUID(),
      accountEmail: store.account.email,
      webhookId: webhook.id,
      listId: list.list.listId,
      url: webhook.url,
      type,
      firedAt: at,
      body: eventBody(list, member, event, at),
      attempts: [],
      state: "pending",
      nextAttemptAt: at,
    });
  }
}
