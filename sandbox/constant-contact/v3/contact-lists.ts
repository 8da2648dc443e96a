// GET/POST /v3/contact_lists and GET /v3/contact_lists/{list_id}.
import { z } from "zod";
import { isActive } from "../contact-rules";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { AccessContext } from "../oauth/tokens";
import type { AccountStore } from "../state";
import { offsetPage } from "./cursor";
import { ccError, notFound } from "./errors";
import { parseQuery, readJson } from "./json-body";
import { listView } from "./views";

/** CC's ceiling on lists per account. */
const MAX_LISTS = 1000;
const ERROR_KEY = "lists.api.validation.error";

const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");

const ListsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  include_count: booleanParam.default(false),
  include_membership_count: z.enum(["all", "active"]).optional(),
});
export function listContactLists(ctx: RequestContext, access: AccessContext): Reply {
  const store = access.store;
  const { query, page, links } = offsetPage(ctx.url, store.lists, ListsQuery, ERROR_KEY);
  const counts = query.include_membership_count ? membershipCounts(store, query.include_membership_count) : null;
  return json(200, {
    lists: page.map((list) => listView(list, counts ? (counts.get(list.listId) ?? 0) : undefined)),
    ...(query.include_count ? { lists_count: store.lists.length } : {}),
    ...links,
  });
}

/** Members per list: `all` counts every non-deleted member, `active` only those who may be emailed. */
export function membershipCounts(store: AccountStore, which: "all" | "active"): Map<string, number> {
  const counts = new Map<string, number>();
  for (const contact of store.contacts) {
    if (contact.deletedAt !== null || (which === "active" && !isActive(contact))) continue;
    for (const listId of contact.listIds) counts.set(listId, (counts.get(listId) ?? 0) + 1);
  }
  return counts;
}

const ListInput = z.object({
  name: z.string().trim().min(1).max(255),
  favorite: z.boolean().optional(),
  description: z.string().max(255).optional(),
});

export function createContactList(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const input = await readJson(ctx.req, ListInput, ERROR_KEY);
    const store = access.store;
    if (store.lists.some((list) => list.name.toLowerCase() === input.name.toLowerCase())) {
      throw ccError(409, "lists.api.conflict", `A list named '${input.name}' already exists.`);
    }
    if (store.lists.length >= MAX_LISTS)
      throw ccError(400, ERROR_KEY, `An account can have at most ${MAX_LISTS} lists.`);
    const list = sandbox.state.createList(store, input);
    return json(201, listView(list));
  };
}

const OneListQuery = z.object({ include_membership_count: z.enum(["all", "active"]).optional() });

export function getContactList(ctx: RequestContext, access: AccessContext): Reply {
  const query = parseQuery(ctx.url, OneListQuery, ERROR_KEY);
  const list = access.store.list(ctx.params.list_id ?? "");
  if (!list) throw notFound("lists.api.not_found", "The list was not found.");
  const count = query.include_membership_count
    ? (membershipCounts(access.store, query.include_membership_count).get(list.listId) ?? 0)
    : undefined;
  return json(200, listView(list, count));
}
