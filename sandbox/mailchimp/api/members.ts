// /lists/{list_id}/members: read, create, upsert, update, archive, erase; and a member's tags.
import { z } from "zod";
import { json, type Reply } from "../../http";
import { MEMBER_STATUSES } from "../model";
import { badRequest, methodNotAllowed, notFound } from "../problem";
import { fireEvent } from "../webhooks/events";
import { parseBody } from "./body";
import type { ApiContext } from "./context";
import { links, page, paging, parseTime, seconds } from "./format";
import { findMember, flag, listOf, memberOf } from "./lookup";
import { ensureTag, parseMemberBody, writeMember, type WriteMode } from "./member-write";
import { memberView } from "./views";

const READ_STATUSES = [...MEMBER_STATUSES, "archived"] as const;

export function listMembers(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const q = ctx.url.searchParams;
  const status = q.get("status");
  if (status !== null && !(READ_STATUSES as readonly string[]).includes(status))
    throw badRequest(`The status filter must be one of: ${READ_STATUSES.join(", ")}.`);
  const since = (name: string) => {
    const value = parseTime(q.get(name));
    if (Number.isNaN(value)) throw badRequest(`${name} must be an ISO 8601 time, e.g. 2015-10-21T15:41:36+00:00.`);
    return value === null ? null : seconds(value);
  };
  const sinceChanged = since("since_last_changed");
  const beforeChanged = since("before_last_changed");
  const sinceOpt = since("since_timestamp_opt");
  const beforeOpt = since("before_timestamp_opt");
  const unsubscribedSince = since("unsubscribed_since");
  if (unsubscribedSince !== null && status !== "unsubscribed")
    throw badRequest("unsubscribed_since can only be used with status=unsubscribed.");
  const emailType = q.get("email_type");
  const vipOnly = flag(ctx.url, "vip_only");
  const categoryId = q.get("interest_category_id");
  const interestIds = (q.get("interest_ids") ?? "").split(",").filter(Boolean);
  const match = q.get("interest_match") ?? "any";
  if (categoryId !== null && interestIds.length === 0)
    throw badRequest("interest_category_id needs interest_ids and interest_match.");

  let members = list.members.filter((m) => {
    // Archived members only show when asked for (they have left the audience).
    if (status === null ? m.status === "archived" : m.status !== status) return false;
    if (sinceChanged !== null && seconds(m.lastChanged) < sinceChanged) return false;
    if (beforeChanged !== null && seconds(m.lastChanged) > beforeChanged) return false;
    if (sinceOpt !== null && (m.timestampOpt === null || seconds(m.timestampOpt) < sinceOpt)) return false;
    if (beforeOpt !== null && (m.timestampOpt === null || seconds(m.timestampOpt) > beforeOpt)) return false;
    if (unsubscribedSince !== null && (m.unsubscribedAt === null || seconds(m.unsubscribedAt) < unsubscribedSince))
      return false;
    if (emailType !== null && m.emailType !== emailType) return false;
    if (vipOnly && !m.vip) return false;
    if (categoryId !== null) {
      const hits = interestIds.filter((id) => m.interests[id] === true).length;
      if (match === "all" ? hits !== interestIds.length : match === "none" ? hits > 0 : hits === 0) return false;
    }
    return true;
  });
  const sortField = q.get("sort_field");
  if (sortField) {
    const key = { timestamp_opt: "timestampOpt", timestamp_signup: "timestampSignup", last_changed: "lastChanged" }[
      sortField
    ] as "timestampOpt" | "timestampSignup" | "lastChanged" | undefined;
    if (!key) throw badRequest("sort_field must be timestamp_opt, timestamp_signup or last_changed.");
    const dir = (q.get("sort_dir") ?? "ASC").toUpperCase() === "DESC" ? -1 : 1;
    members = [...members].sort((a, b) => dir * ((a[key] ?? 0) - (b[key] ?? 0)));
  }
  const listId = list.list.listId;
  return json(200, {
    members: page(members, paging(ctx.url)).map((m) => memberView(ctx.sandbox, list, m)),
    list_id: listId,
    total_items: members.length,
    _links: links(ctx.sandbox, `/lists/${listId}/members`, [
      ["parent", `/lists/${listId}`, "GET"],
      ["create", `/lists/${listId}/members`, "POST"],
    ]),
  });
}

export function getMember(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  return json(200, memberView(ctx.sandbox, list, memberOf(ctx, list)));
}

async function write(ctx: ApiContext, mode: WriteMode): Promise<Reply> {
  const list = listOf(ctx);
  const input = parseMemberBody(await ctx.body());
  const existing =
    mode === "create"
      ? input.email_address
        ? findMember(list, input.email_address)
        : undefined
      : findMember(list, ctx.params.subscriber_hash ?? "");
  if (mode === "update" && !existing) throw notFound();
  const scope = { sandbox: ctx.sandbox, store: ctx.store, list, source: ctx.source };
  const result = writeMember(scope, existing, input, {
    mode,
    skipMergeValidation: flag(ctx.url, "skip_merge_validation"),
  });
  for (const event of result.events)
    ctx.afterResponse(() => fireEvent(ctx.sandbox, ctx.store, list, result.member, event, ctx.source));
  return json(200, memberView(ctx.sandbox, list, result.member));
}

export const createMember = (ctx: ApiContext) => write(ctx, "create");
export const upsertMember = (ctx: ApiContext) => write(ctx, "upsert");
export const updateMember = (ctx: ApiContext) => write(ctx, "update");

/** DELETE archives: 204, and reads then show `status: "archived"`. Cleaned, pending and archived members cannot be. */
export function archiveMember(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const member = memberOf(ctx, list);
  if (member.status === "cleaned" || member.status === "pending" || member.status === "archived")
    throw methodNotAllowed(
      ["GET", "PUT"],
      "This list member cannot be removed. Can not archive a contact that is bounced, pending or archived",
    );
  const wasSubscribed = member.status === "subscribed";
  member.statusBeforeArchive = member.status;
  member.status = "archived";
  member.lastChanged = ctx.sandbox.now();
  ctx.sandbox.state.touch();
  if (wasSubscribed)
    ctx.afterResponse(() =>
      fireEvent(
        ctx.sandbox,
        ctx.store,
        list,
        member,
        { type: "unsubscribe", action: "delete", reason: "manual" },
        ctx.source,
      ),
    );
  return { status: 204 };
}

/** Erases the member: 204, then GET is 404 and the address can never be added back through the API. */
export function deletePermanent(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const member = memberOf(ctx, list, true);
  const wasSubscribed = member.status === "subscribed";
  list.removeMember(member);
  list.forgotten.add(member.id);
  ctx.sandbox.state.touch();
  if (wasSubscribed)
    ctx.afterResponse(() =>
      fireEvent(
        ctx.sandbox,
        ctx.store,
        list,
        member,
        { type: "unsubscribe", action: "delete", reason: "manual" },
        ctx.source,
      ),
    );
  return { status: 204 };
}

export function memberTags(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const member = memberOf(ctx, list, true);
  const tags = member.tags.map((t) => ({
    id: t.tagId,
    name: list.tags.find((tag) => tag.id === t.tagId)?.name ?? "",
    date_added: new Date(Math.floor(t.addedAt / 1000) * 1000).toISOString().replace(".000Z", "+00:00"),
  }));
  return json(200, {
    tags: page(tags, paging(ctx.url)),
    total_items: tags.length,
    _links: links(ctx.sandbox, ctx.url.pathname),
  });
}

const TagsBody = z
  .object({
    tags: z.array(z.object({ name: z.string().min(1).max(100), status: z.enum(["active", "inactive"]) })),
    is_syncing: z.boolean().optional(),
  })
  .passthrough();

/** Adds (`active`, creating unknown tags) and removes (`inactive`) tags: 204 No Content. */
export async function updateMemberTags(ctx: ApiContext): Promise<Reply> {
  const list = listOf(ctx);
  const member = memberOf(ctx, list, true);
  const input = parseBody(TagsBody, await ctx.body());
  const now = ctx.sandbox.now();
  let changed = false;
  for (const { name, status } of input.tags) {
    if (status === "active") {
      const id = ensureTag({ sandbox: ctx.sandbox, list }, name);
      if (!member.tags.some((t) => t.tagId === id)) {
        member.tags.push({ tagId: id, addedAt: now });
        changed = true;
      }
    } else {
      const tag = list.tagByName(name);
      if (tag && member.tags.some((t) => t.tagId === tag.id)) {
        member.tags = member.tags.filter((t) => t.tagId !== tag.id);
        changed = true;
      }
    }
  }
  if (changed) {
    member.lastChanged = now;
    ctx.sandbox.state.touch();
  }
  return { status: 204 };
}

/** Tags of the list whose names start with `name` (all of them without it). */
export function tagSearch(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const prefix = (ctx.url.searchParams.get("name") ?? "").toLowerCase();
  const tags = list.tags
    .filter((t) => t.name.toLowerCase().startsWith(prefix))
    .map((t) => ({ id: t.id, name: t.name }));
  return json(200, { tags, total_items: tags.length });
}

/** Tags are static segments: `GET /lists/{id}/segments?type=static`. */
export function listSegments(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const type = ctx.url.searchParams.get("type");
  const segments = type && type !== "static" ? [] : list.tags;
  const listId = list.list.listId;
  const views = segments.map((tag) => ({
    id: tag.id,
    name: tag.name,
    member_count: list.members.filter((m) => m.status !== "archived" && m.tags.some((t) => t.tagId === tag.id)).length,
    type: "static",
    created_at: "",
    updated_at: "",
    options: {},
    list_id: listId,
  }));
  return json(200, {
    segments: page(views, paging(ctx.url)),
    list_id: listId,
    total_items: views.length,
    _links: links(ctx.sandbox, `/lists/${listId}/segments`),
  });
}
