// The account root, ping, and audiences (lists): GET /, GET /ping, GET/POST /lists, GET /lists/{list_id}, and batch
// subscribe (POST /lists/{list_id}).
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { HttpError, json, type Reply } from "../../http";
import { subscriberHash } from "../ids";
import { invalidResource, isProblemBody } from "../problem";
import { fireEvent } from "../webhooks/events";
import { parseBody } from "./body";
import type { ApiContext } from "./context";
import { links, mcTime, page, paging, parseTime } from "./format";
import { findMember, flag, listOf } from "./lookup";
import { parseMemberBody, writeMember } from "./member-write";
import { listStats, listView, memberView } from "./views";

/** Mailchimp's limit on audiences depends on the plan; the sandbox allows this many. */
const MAX_LISTS = 100;
export const BATCH_SUBSCRIBE_MAX = 500;

export function ping(): Reply {
  return json(200, { health_status: "Everything's Chimpy!" });
}

export function root(ctx: ApiContext): Reply {
  const { account } = ctx.store;
  let subscribers = 0;
  for (const list of ctx.store.lists) subscribers += listStats(list).subscribed;
  return json(200, {
    account_id: String(account.userId),
    login_id: String(account.loginId),
    account_name: account.accountName,
    email: account.email,
    first_name: account.firstName,
    last_name: account.lastName,
    username: account.email,
    avatar_url: "",
    role: "owner",
    member_since: mcTime(account.createdAt),
    pricing_plan_type: "monthly",
    first_payment: "",
    account_timezone: "UTC",
    account_industry: "Health and Fitness",
    contact: {
      company: account.accountName,
      addr1: "1 Main Street",
      addr2: "",
      city: "Portland",
      state: "OR",
      zip: "97201",
      country: "US",
    },
    pro_enabled: false,
    last_login: mcTime(ctx.sandbox.now()),
    total_subscribers: subscribers,
    industry_stats: { open_rate: 0, bounce_rate: 0, click_rate: 0 },
    _links: links(ctx.sandbox, "/", [["lists", "/lists", "GET"]]),
  });
}

export function getLists(ctx: ApiContext): Reply {
  const q = ctx.url.searchParams;
  let lists = [...ctx.store.lists];
  const sinceCreated = parseTime(q.get("since_date_created"));
  const beforeCreated = parseTime(q.get("before_date_created"));
  if (sinceCreated) lists = lists.filter((l) => l.list.createdAt >= sinceCreated);
  if (beforeCreated) lists = lists.filter((l) => l.list.createdAt <= beforeCreated);
  const email = q.get("email");
  if (email) {
    const hash = subscriberHash(email.trim());
    lists = lists.filter((l) => {
      const member = l.member(hash);
      return member !== undefined && member.status !== "archived";
    });
  }
  if (q.get("sort_field") === "date_created" && (q.get("sort_dir") ?? "").toUpperCase() === "DESC") lists.reverse();
  const includeTotal = flag(ctx.url, "include_total_contacts");
  return json(200, {
    lists: page(lists, paging(ctx.url)).map((l) => listView(ctx.sandbox, l, includeTotal)),
    total_items: lists.length,
    constraints: {
      may_create: ctx.store.lists.length < MAX_LISTS,
      max_instances: MAX_LISTS,
      current_total_instances: ctx.store.lists.length,
    },
    _links: links(ctx.sandbox, "/lists", [["create", "/lists", "POST"]]),
  });
}

export function getList(ctx: ApiContext): Reply {
  return json(200, listView(ctx.sandbox, listOf(ctx), flag(ctx.url, "include_total_contacts")));
}

const ListBody = z
  .object({
    name: z.string().min(1).max(100),
    contact: z
      .object({
        company: z.string().min(1),
        address1: z.string().min(1),
        address2: z.string().optional(),
        city: z.string().min(1),
        state: z.string().min(1),
        zip: z.string().min(1),
        country: z.string().min(1),
        phone: z.string().optional(),
      })
      .passthrough(),
    permission_reminder: z.string().min(1),
    use_archive_bar: z.boolean().optional(),
    campaign_defaults: z
      .object({
        from_name: z.string().min(1),
        from_email: z.string().min(1),
        subject: z.string(),
        language: z.string().min(1),
      })
      .passthrough(),
    email_type_option: z.boolean(),
    double_optin: z.boolean().optional(),
    visibility: z.enum(["pub", "prv"]).optional(),
  })
  .passthrough();

export async function createList(ctx: ApiContext): Promise<Reply> {
  const input = parseBody(ListBody, await ctx.body());
  if (ctx.store.lists.length >= MAX_LISTS)
    throw invalidResource([{ field: "", message: `You have reached the maximum of ${MAX_LISTS} audiences.` }]);
  const list = ctx.sandbox.state.createList(ctx.store, input.name, {
    company: input.contact.company,
    address1: input.contact.address1,
    city: input.contact.city,
    state: input.contact.state,
    zip: input.contact.zip,
    country: input.contact.country,
    permissionReminder: input.permission_reminder,
    fromName: input.campaign_defaults.from_name,
    fromEmail: input.campaign_defaults.from_email,
    subject: input.campaign_defaults.subject,
    language: input.campaign_defaults.language,
    emailTypeOption: input.email_type_option,
    doubleOptin: input.double_optin ?? false,
    visibility: input.visibility ?? "prv",
  });
  return json(200, listView(ctx.sandbox, list));
}

const BatchSubscribeBody = z
  .object({
    members: z.array(z.unknown()),
    update_existing: z.boolean().optional(),
    sync_tags: z.boolean().optional(),
  })
  .passthrough();

interface BatchError {
  email_address: string;
  error: string;
  error_code: "ERROR_CONTACT_EXISTS" | "ERROR_GENERIC";
  field: string;
  field_message: string;
}

/**
 * Batch subscribe: at most 500 members (more is a 400), always 200 otherwise, with the members created, updated and
 * refused. It takes `batchSubscribeMsPerMember` per member sent, holding the request (and one of the account's 10
 * connections) meanwhile.
 */
export async function batchSubscribe(ctx: ApiContext): Promise<Reply> {
  const list = listOf(ctx);
  const input = parseBody(BatchSubscribeBody, await ctx.body());
  if (input.members.length > BATCH_SUBSCRIBE_MAX)
    throw invalidResource([
      { field: "members", message: `There must be a maximum of ${BATCH_SUBSCRIBE_MAX} items in the array` },
    ]);
  const skipMergeValidation = flag(ctx.url, "skip_merge_validation");
  const skipDuplicateCheck = flag(ctx.url, "skip_duplicate_check");
  const processing = input.members.length * ctx.sandbox.config.batchSubscribeMsPerMember;
  if (processing > 0 && !ctx.internal) await sleep(processing);

  const scope = { sandbox: ctx.sandbox, store: ctx.store, list, source: ctx.source };
  const created: unknown[] = [];
  const updated: unknown[] = [];
  const errors: BatchError[] = [];
  const seen = new Set<string>();
  input.members.forEach((raw, index) => {
    const email =
      typeof (raw as { email_address?: unknown })?.email_address === "string"
        ? String((raw as { email_address: string }).email_address)
        : "";
    const fail = (error: string, code: BatchError["error_code"] = "ERROR_GENERIC", field = "", fieldMessage = "") =>
      errors.push({ email_address: email, error, error_code: code, field, field_message: fieldMessage });
    try {
      const member = parseMemberBody(raw);
      if (!member.status) {
        fail(`members.item:${index}.status is required`, "ERROR_GENERIC", "status", "This value should not be blank.");
        return;
      }
      const key = subscriberHash((member.email_address ?? "").trim());
      if (seen.has(key)) {
        // Without skip_duplicate_check a repeated address is an error; with it the first appearance wins silently.
        if (!skipDuplicateCheck) fail(`${email} was included more than once in this request.`);
        return;
      }
      seen.add(key);
      const existing = findMember(list, member.email_address ?? "");
      if (existing && existing.status !== "archived" && !input.update_existing) {
        fail(
          `${existing.emailAddress} is already a list member. Use PUT to insert or update list members.`,
          "ERROR_CONTACT_EXISTS",
        );
        return;
      }
      const result = writeMember(scope, existing, member, {
        mode: "batch",
        skipMergeValidation,
        syncTags: input.sync_tags ?? false,
      });
      for (const event of result.events)
        ctx.afterResponse(() => fireEvent(ctx.sandbox, ctx.store, list, result.member, event, ctx.source));
      if (result.created || existing?.status === "archived") created.push(result.member);
      else updated.push(result.member);
    } catch (error) {
      if (!(error instanceof HttpError) || !isProblemBody(error.body)) throw error;
      const first = error.body.errors?.[0];
      // Field-level errors (merge fields, invalid address) carry the field; the rest say it in `error`.
      fail(error.body.detail, "ERROR_GENERIC", first?.field ?? "", first?.message ?? "");
    }
  });
  const view = (m: unknown) => memberView(ctx.sandbox, list, m as Parameters<typeof memberView>[2]);
  return json(200, {
    new_members: created.map(view),
    updated_members: updated.map(view),
    errors,
    total_created: created.length,
    total_updated: updated.length,
    error_count: errors.length,
    _links: links(ctx.sandbox, `/lists/${list.list.listId}`, [["parent", "/lists", "GET"]]),
  });
}
