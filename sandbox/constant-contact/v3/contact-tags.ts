// GET/POST /v3/contact_tags and GET/PUT/DELETE /v3/contact_tags/{tag_id}: an account's contact tags (at most 500).
// Contacts carry tag ids (`include=taggings`); the bulk tagging activities live in tagging-activities.ts. DELETE
// answers 202 with an activity: the tag leaves its contacts and the account when that activity completes.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { Tag } from "../model";
import type { AccessContext } from "../oauth/tokens";
import type { AccountStore } from "../state";
import { queueActivity } from "./activities";
import { offsetPage } from "./cursor";
import { ccError, notFound } from "./errors";
import { parseQuery, readJson } from "./json-body";
import { activityView, iso } from "./views";

/** "Your account can have up to 500 tags" (CC's Tags overview). */
export const MAX_TAGS = 500;
export const TAGS_ERROR_KEY = "tags.api.validation.error";

const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");

/** 1–255 characters; CC's guide allows common keyboard symbols except `<` and `>`. */
export const TagName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((name) => !/[<>]/.test(name), { error: "must not contain < or >" });

const TagsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  include_count: booleanParam.default(false),
});
const TagPost = z.object({ name: TagName, tag_source: z.string().max(255).optional() });
const TagPut = z.object({ name: TagName }).loose();

export function tagView(tag: Tag, contactsCount?: number) {
  return {
    tag_id: tag.tagId,
    name: tag.name,
    ...(tag.tagSource !== null ? { tag_source: tag.tagSource } : {}),
    ...(contactsCount !== undefined ? { contacts_count: contactsCount } : {}),
    created_at: iso(tag.createdAt),
    updated_at: iso(tag.updatedAt),
  };
}

/** Tagged contacts per tag id, deleted contacts left out. */
export function tagCounts(store: AccountStore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const contact of store.contacts) {
    if (contact.deletedAt !== null) continue;
    for (const tagId of contact.tagIds) counts.set(tagId, (counts.get(tagId) ?? 0) + 1);
  }
  return counts;
}

export function listTags(ctx: RequestContext, access: AccessContext): Reply {
  const { query, page, links } = offsetPage(ctx.url, access.store.tags, TagsQuery, TAGS_ERROR_KEY);
  const counts = query.include_count ? tagCounts(access.store) : null;
  return json(200, {
    tags: page.map((tag) => tagView(tag, counts ? (counts.get(tag.tagId) ?? 0) : undefined)),
    ...links,
  });
}

const conflict = (name: string) => ccError(409, "tags.api.conflict", `A tag named '${name}' already exists.`);

/** Creates a tag the way CC does (also used by the control API, as the owner would in CC's own screens). */
export function addTag(sandbox: Sandbox, store: AccountStore, name: string, tagSource: string | null = null): Tag {
  const trimmed = name.trim();
  if (store.tagByName(trimmed)) throw conflict(trimmed);
  if (store.tags.length >= MAX_TAGS)
    throw ccError(400, TAGS_ERROR_KEY, `An account can have at most ${MAX_TAGS} tags.`);
  const now = sandbox.now();
  const tag: Tag = { tagId: randomUUID(), name: trimmed, tagSource, createdAt: now, updatedAt: now };
  store.tags.push(tag);
  sandbox.state.touch();
  return tag;
}

export function createTag(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const input = await readJson(ctx.req, TagPost, TAGS_ERROR_KEY);
    return json(201, tagView(addTag(sandbox, access.store, input.name, input.tag_source ?? null)));
  };
}

export const tagNotFound = () => notFound("tags.api.not_found", "The tag was not found.");

function findTag(store: AccountStore, ctx: RequestContext): Tag {
  const tag = store.tag(ctx.params.tag_id ?? "");
  if (!tag) throw tagNotFound();
  return tag;
}

export function assertTagsExist(store: AccountStore, tagIds: string[] | undefined): void {
  const missing = (tagIds ?? []).filter((id) => !store.tag(id));
  if (missing.length > 0) throw ccError(404, "tags.api.not_found", `Tag(s) not found: ${missing.join(", ")}`);
}

export function getTag(ctx: RequestContext, access: AccessContext): Reply {
  const query = parseQuery(ctx.url, z.object({ include_count: booleanParam.default(false) }), TAGS_ERROR_KEY);
  const tag = findTag(access.store, ctx);
  return json(200, tagView(tag, query.include_count ? (tagCounts(access.store).get(tag.tagId) ?? 0) : undefined));
}

/** Renames a tag; `tag_source` cannot change. */
export function putTag(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const tag = findTag(access.store, ctx);
    const input = await readJson(ctx.req, TagPut, TAGS_ERROR_KEY);
    const owner = access.store.tagByName(input.name);
    if (owner && owner !== tag) throw conflict(input.name);
    if (tag.name !== input.name) {
      tag.name = input.name;
      tag.updatedAt = sandbox.now();
      sandbox.state.touch();
    }
    return json(200, tagView(tag));
  };
}

/** 202 with an `ActivityGeneric`; the tag is removed from its contacts and deleted when the activity completes. */
export function deleteTag(sandbox: Sandbox) {
  return (ctx: RequestContext, access: AccessContext): Reply => {
    const tag = findTag(access.store, ctx);
    const activity = queueActivity(sandbox, access, "contacts_tags_delete", [], 1);
    activity.tagIds = [tag.tagId];
    return json(202, activityView(activity, sandbox.now()));
  };
}
