// GET /v3/contacts: filters by status, email, lists, tags and updated_after, pages with an opaque cursor in
// `_links.next.href`. `updated_after` compares the contact's own updated_at only, so it does not see unsubscribes
// (they move email_address.updated_at, not updated_at), exactly the trap CC sets.
import { z } from "zod";
import { isActive } from "../contact-rules";
import { json, type Reply, type RequestContext } from "../../http";
import type { Contact } from "../model";
import type { AccessContext } from "../oauth/tokens";
import { emailKey } from "../state";
import { Uuid } from "./contact-schemas";
import { decodeCursor, encodeCursor } from "./cursor";
import { parseQueryParams } from "./json-body";
import { contactView } from "./views";

const STATUSES = ["all", "active", "deleted", "not_set", "pending_confirmation", "temp_hold", "unsubscribed"] as const;
export const INCLUDES = [
  "custom_fields",
  "list_memberships",
  "phone_numbers",
  "street_addresses",
  "taggings",
  "notes",
] as const;

/** Comma-separated query values, each checked by `item`. */
function csv<T extends z.ZodType<string, string>>(item: T, max = 1000) {
  return z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(max));
}

export const IncludeParam = csv(z.enum(INCLUDES));

const ContactsQuery = z.object({
  status: csv(z.enum(STATUSES)).optional(),
  email: z.string().trim().min(1).optional(),
  lists: csv(Uuid, 25).optional(),
  tags: csv(Uuid, 50).optional(),
  updated_after: z
    .string()
    .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
      error: "must be an ISO-8601 date or date-time",
    })
    .optional(),
  include: IncludeParam.optional(),
  include_count: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const ContactsCursor = z.object({ q: z.record(z.string(), z.string()), after: z.number().int().min(0) });

export function listContacts(ctx: RequestContext, access: AccessContext): Reply {
  const cursor = ctx.url.searchParams.get("cursor");
  const { q, after } = cursor
    ? decodeCursor(cursor, ContactsCursor)
    : { q: Object.fromEntries(ctx.url.searchParams), after: 0 };
  const query = parseQueryParams(q, ContactsQuery, "contacts.api.validation.error");
  const matches = contactFilter(query);
  const contacts = access.store.contacts;
  const page: Contact[] = [];
  let hasMore = false;
  for (let i = firstIndexAfter(contacts, after); i < contacts.length; i++) {
    const contact = contacts[i]!;
    if (!matches(contact)) continue;
    if (page.length === query.limit) {
      hasMore = true;
      break;
    }
    page.push(contact);
  }
  const include = new Set<string>(query.include ?? []);
  const last = page.at(-1);
  return json(200, {
    contacts: page.map((contact) => contactView(contact, include)),
    ...(query.include_count === "true" ? { contacts_count: contacts.filter(matches).length } : {}),
    ...(hasMore && last
      ? { _links: { next: { href: `/v3/contacts?cursor=${encodeCursor({ q, after: last.seq })}` } } }
      : {}),
  });
}

function contactFilter(query: z.infer<typeof ContactsQuery>): (contact: Contact) => boolean {
  const statuses = new Set(query.status ?? []);
  const lists = query.lists ? new Set(query.lists) : null;
  const tags = query.tags ? new Set(query.tags) : null;
  const email = query.email ? emailKey(query.email) : null;
  const updatedAfter = query.updated_after ? Date.parse(query.updated_after) : null;
  return (contact) =>
    statusMatches(contact, statuses) &&
    (email === null || contact.emailKey === email) &&
    (lists === null || contact.listIds.some((id) => lists.has(id))) &&
    (tags === null || contact.tagIds.some((id) => tags.has(id))) &&
    (updatedAfter === null || contact.updatedAt > updatedAfter);
}

/** No status given: everything but deleted contacts. Several statuses: any of them. */
function statusMatches(contact: Contact, statuses: Set<string>): boolean {
  if (statuses.has("all")) return true;
  const deleted = contact.deletedAt !== null;
  if (statuses.size === 0) return !deleted;
  if (deleted) return statuses.has("deleted");
  if (statuses.has("active") && isActive(contact)) return true;
  return statuses.has(contact.permission);
}

/** Contacts are kept in seq order, so the page start is a binary search away. */
function firstIndexAfter(contacts: Contact[], seq: number): number {
  let low = 0;
  let high = contacts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (contacts[mid]!.seq <= seq) low = mid + 1;
    else high = mid;
  }
  return low;
}
