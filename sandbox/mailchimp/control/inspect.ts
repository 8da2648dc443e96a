// What tests and people read through the control API: accounts, audiences with counts, members as a person sees
// them in Mailchimp's screens (groups and tags by name), webhooks and their deliveries, batches.
import { mcTime } from "../api/format";
import { listStats } from "../api/views";
import { batchProgress } from "../batches/batches";
import type { McSandbox } from "../context";
import type { Member, WebhookDelivery } from "../model";
import type { AccountStore, ListStore } from "../state";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function accountView(store: AccountStore) {
  return {
    email: store.account.email,
    user_id: store.account.userId,
    accountname: store.account.accountName,
    dc: store.account.dc,
    lists: store.lists.map((l) => ({ id: l.list.listId, name: l.list.name })),
  };
}

export function listSummary(list: ListStore) {
  const counts: Record<string, number> = {
    subscribed: 0,
    unsubscribed: 0,
    cleaned: 0,
    pending: 0,
    transactional: 0,
    archived: 0,
  };
  for (const m of list.members) counts[m.status] = (counts[m.status] ?? 0) + 1;
  return {
    id: list.list.listId,
    name: list.list.name,
    member_count: listStats(list).subscribed,
    counts,
    merge_fields: list.mergeFields.map((f) => ({ tag: f.tag, name: f.name, type: f.type, required: f.required })),
    groups: list.categories.map((c) => ({
      id: c.id,
      title: c.title,
      interests: list.interests.filter((i) => i.categoryId === c.id).map((i) => ({ id: i.id, name: i.name })),
    })),
    tags: list.tags.map((t) => t.name),
    webhooks: list.webhooks.length,
  };
}

/** Groups as Mailchimp's screens name them: "Category: Interest". */
export function groupNames(list: ListStore, member: Member): string[] {
  return list.interests
    .filter((i) => member.interests[i.id] === true)
    .map((i) => `${list.categories.find((c) => c.id === i.categoryId)?.title ?? "?"}: ${i.name}`);
}

export function tagNames(list: ListStore, member: Member): string[] {
  return member.tags.map((t) => list.tags.find((tag) => tag.id === t.tagId)?.name ?? String(t.tagId));
}

export function controlMember(list: ListStore, member: Member) {
  const merges: Record<string, unknown> = {};
  for (const field of list.mergeFields) merges[field.tag] = member.mergeFields[field.tag] ?? "";
  return {
    id: member.id,
    email: member.emailAddress,
    list_id: list.list.listId,
    list: list.list.name,
    status: member.status,
    status_before_archive: member.statusBeforeArchive,
    merge_fields: merges,
    interests: groupNames(list, member),
    interest_ids: Object.keys(member.interests).filter((id) => member.interests[id] === true),
    tags: tagNames(list, member),
    vip: member.vip,
    source: member.source,
    unsubscribe_reason: member.unsubscribeReason,
    last_changed: iso(member.lastChanged),
    last_changed_mailchimp: mcTime(member.lastChanged),
    unsubscribed_at: iso(member.unsubscribedAt),
    created_at: iso(member.createdAt),
  };
}

export function deliveryView(delivery: WebhookDelivery) {
  return {
    delivery_id: delivery.deliveryId,
    account: delivery.accountEmail,
    webhook_id: delivery.webhookId,
    list_id: delivery.listId,
    url: delivery.url,
    type: delivery.type,
    fired_at: iso(delivery.firedAt),
    body: delivery.body,
    fields: Object.fromEntries(new URLSearchParams(delivery.body)),
    state: delivery.state,
    attempts: delivery.attempts.map((a) => ({
      at: iso(a.at),
      status_code: a.statusCode,
      error: a.error,
      duration_ms: a.durationMs,
    })),
    next_attempt_at: iso(delivery.nextAttemptAt),
  };
}

export function batchSummary(sandbox: McSandbox, batchId: string) {
  const batch = sandbox.state.batches.get(batchId);
  if (!batch) return null;
  const { status, finished } = batchProgress(batch, sandbox.now());
  return {
    id: batch.id,
    account: sandbox.state.store(batch.userId)?.account.email ?? null,
    status,
    total_operations: batch.operations.length,
    finished_operations: finished,
    errored_operations: batch.results?.filter((r) => r.status_code >= 400).length ?? 0,
    submitted_at: iso(batch.submittedAt),
    starts_at: iso(batch.startsAt),
    finishes_at: iso(batch.startsAt + batch.durationMs),
  };
}
