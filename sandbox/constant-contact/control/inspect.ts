// Read-only views for tests and people: accounts, their lists, and contacts with list names.
import { z } from "zod";
import { isActive } from "../contact-rules";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { Contact } from "../model";
import type { AccountStore } from "../state";
import { emailKey } from "../state";
import { membershipCounts } from "../v3/contact-lists";
import { iso } from "../v3/views";
import { controlError } from "../../control/control-body";

function storeFrom(sandbox: Sandbox, ctx: RequestContext): AccountStore {
  const store = sandbox.state.storeByEmail(ctx.params.email ?? "");
  if (!store) throw controlError(404, `no account ${ctx.params.email}`);
  return store;
}

export function listAccounts(sandbox: Sandbox): Reply {
  return json(200, {
    accounts: [...sandbox.state.accounts.values()].map((store) => ({
      email: store.account.email,
      accountId: store.account.accountId,
      encodedAccountId: store.account.encodedAccountId,
      organizationName: store.account.organizationName,
      listCount: store.lists.length,
      contactCount: store.contacts.length,
    })),
  });
}

export function listLists(sandbox: Sandbox, ctx: RequestContext): Reply {
  const store = storeFrom(sandbox, ctx);
  const all = membershipCounts(store, "all");
  const active = membershipCounts(store, "active");
  return json(200, {
    lists: store.lists.map((list) => ({
      list_id: list.listId,
      name: list.name,
      membership_count: all.get(list.listId) ?? 0,
      active_count: active.get(list.listId) ?? 0,
    })),
  });
}

const ContactsQuery = z.object({
  list: z.string().optional(),
  email: z.string().optional(),
  status: z.enum(["all", "active", "unsubscribed", "deleted"]).default("all"),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
});

export function listContactsForControl(sandbox: Sandbox, ctx: RequestContext): Reply {
  const store = storeFrom(sandbox, ctx);
  const parsed = ContactsQuery.safeParse(Object.fromEntries(ctx.url.searchParams));
  if (!parsed.success) throw controlError(400, "invalid query", parsed.error.issues);
  const query = parsed.data;
  // `list` may be a list id or a list name.
  const list = query.list ? store.lists.find((l) => l.listId === query.list || l.name === query.list) : undefined;
  if (query.list && !list) throw controlError(404, `no list ${query.list}`);
  const matches = store.contacts.filter(
    (c) =>
      (!list || c.listIds.includes(list.listId)) &&
      (!query.email || c.emailKey === emailKey(query.email)) &&
      (query.status === "all" ||
        (query.status === "deleted"
          ? c.deletedAt !== null
          : query.status === "active"
            ? isActive(c)
            : c.deletedAt === null && c.permission === "unsubscribed")),
  );
  const names = new Map(store.lists.map((l) => [l.listId, l.name]));
  return json(200, {
    total: matches.length,
    contacts: matches.slice(0, query.limit).map((c) => controlContact(c, names, store)),
  });
}

/** A contact's custom field values by field name (what a person reads in CC's screens). */
export function customFieldsByName(contact: Contact, store: AccountStore): Record<string, string> {
  const names = new Map(store.customFields.map((f) => [f.customFieldId, f.name]));
  return Object.fromEntries(Object.entries(contact.customFields).map(([id, value]) => [names.get(id) ?? id, value]));
}

/** A contact's tag names, in the order the tags were put on it. */
export function tagNames(contact: Contact, store: AccountStore): string[] {
  return contact.tagIds.map((id) => store.tag(id)?.name ?? id);
}

export function controlContact(contact: Contact, listNames: Map<string, string>, store?: AccountStore) {
  return {
    contact_id: contact.contactId,
    email: contact.email,
    first_name: contact.firstName,
    last_name: contact.lastName,
    city: contact.streetAddress?.city ?? null,
    permission_to_send: contact.permission,
    opt_out_source: contact.optOutSource,
    opt_out_date: contact.optOutDate === null ? null : iso(contact.optOutDate),
    created_at: iso(contact.createdAt),
    updated_at: iso(contact.updatedAt),
    email_updated_at: iso(contact.emailUpdatedAt),
    create_source: contact.createSource,
    update_source: contact.updateSource,
    deleted: contact.deletedAt !== null,
    list_ids: [...contact.listIds],
    lists: contact.listIds.map((id) => listNames.get(id) ?? id),
    custom_fields: store ? customFieldsByName(contact, store) : {},
    tags: store ? tagNames(contact, store) : [],
    tag_ids: [...contact.tagIds],
  };
}

/** An account's bulk activities in creation order, with what each import request weighed on the wire. */
export function listActivitiesForControl(sandbox: Sandbox, ctx: RequestContext): Reply {
  const store = storeFrom(sandbox, ctx);
  const activities = [...sandbox.state.activities.values()]
    .filter((a) => a.accountId === store.account.accountId)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((a) => ({
      activity_id: a.activityId,
      type: a.kind,
      created_at: iso(a.createdAt),
      items_total_count: a.itemsTotal,
      request_bytes: a.requestBytes ?? null,
    }));
  return json(200, { activities });
}
