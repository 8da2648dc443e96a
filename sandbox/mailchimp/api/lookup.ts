// Finding what a path names: the account's list, a member by hash, raw email or contact_id.
import { subscriberHash } from "../ids";
import type { Member } from "../model";
import { notFound } from "../problem";
import type { ListStore } from "../state";
import type { ApiContext } from "./context";

export function listOf(ctx: ApiContext): ListStore {
  const list = ctx.store.list(ctx.params.list_id ?? "");
  if (!list) throw notFound();
  return list;
}

/**
 * `{subscriber_hash}` is the MD5 of the lower-cased address; GET, PUT, PATCH and DELETE also accept the address
 * itself or the member's contact_id (Mailchimp's SDK docs). Tags and delete-permanent say MD5 only.
 */
export function findMember(list: ListStore, key: string, hashOnly = false): Member | undefined {
  const value = key.trim().toLowerCase();
  if (!hashOnly && value.includes("@")) return list.member(subscriberHash(value));
  return list.member(value) ?? (hashOnly ? undefined : list.members.find((m) => m.contactId === value));
}

export function memberOf(ctx: ApiContext, list: ListStore, hashOnly = false): Member {
  const member = findMember(list, ctx.params.subscriber_hash ?? "", hashOnly);
  if (!member) throw notFound();
  return member;
}

export function flag(url: URL, name: string): boolean {
  return url.searchParams.get(name) === "true";
}
