// Bulk activities: contacts_json_import, add/remove_list_memberships (201 + an activity that completes later),
// GET /v3/activities/{activity_id} and the GET /v3/activities collection. The tagging activities are in tagging-activities.ts.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { resolveSource } from "../activities/apply-membership";
import { ACTIVITY_RETENTION_MS } from "../activities/progress";
import { queuedActivityCount, settleActivities } from "../activities/settle";
import type { Sandbox } from "../context";
import { json, type Reply, type RequestContext } from "../../http";
import type { Activity, ActivityKind } from "../model";
import type { AccessContext } from "../oauth/tokens";
import { Uuid } from "./contact-schemas";
import { assertListsExist } from "./contact-write";
import { offsetPage } from "./cursor";
import { ccError, malformedJson, notFound, validationError } from "./errors";
import { parseJsonText, readJson, readRawJson } from "./json-body";
import { salvageImportBody } from "./salvage-import-body";
import { activityView } from "./views";

/** CC reads the first 4 MB of an import and drops the rest without telling. */
export const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;
/** Past this we stop pretending and refuse, so a runaway client cannot fill the sandbox's memory. */
const ABSOLUTE_BODY_LIMIT = 256 * 1024 * 1024;
const MAX_QUEUED_ACTIVITIES = 1000;
/** "at most 40,000 contacts ... per request" (CC's bulk import limits); more is refused whole, nothing is imported. */
export const MAX_IMPORT_ROWS = 40_000;
const ERROR_KEY = "activities.api.validation.error";

const ImportRequest = z
  .object({
    import_data: z
      .array(z.unknown())
      .min(1)
      .max(MAX_IMPORT_ROWS, {
        error: `An import can contain at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} contacts.`,
      }),
    list_ids: z.array(Uuid).min(1).max(50),
  })
  .loose();

export function jsonImport(sandbox: Sandbox) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const raw = await readRawJson(ctx.req, IMPORT_BODY_LIMIT);
    if (raw.totalBytes > ABSOLUTE_BODY_LIMIT) throw ccError(413, "request_too_large", "The request body is too large.");
    const text = raw.buffer.toString("utf8");
    let body: unknown;
    if (raw.totalBytes <= IMPORT_BODY_LIMIT) body = parseJsonText(text);
    else {
      const salvage = salvageImportBody(text);
      if (!salvage.ok) throw malformedJson();
      body = salvage.value;
      if (sandbox.config.logRequests)
        console.log(`[sandbox] import body of ${raw.totalBytes} bytes cut at ${IMPORT_BODY_LIMIT}`);
    }
    const parsed = ImportRequest.safeParse(body);
    if (!parsed.success) throw validationError(ERROR_KEY, parsed.error);
    assertListsExist(access.store, parsed.data.list_ids);
    const activity = queueActivity(
      sandbox,
      access,
      "contacts_json_import",
      parsed.data.list_ids,
      parsed.data.import_data.length,
    );
    activity.importRows = parsed.data.import_data;
    activity.requestBytes = raw.totalBytes;
    return json(201, createdView(activity));
  };
}

const MembershipRequest = z
  .object({
    source: z
      .object({
        contact_ids: z.array(Uuid).min(1).max(500).optional(),
        list_ids: z.array(Uuid).min(1).max(50).optional(),
        all_active_contacts: z.boolean().optional(),
      })
      .strict()
      .refine(
        (s) =>
          [s.contact_ids !== undefined, s.list_ids !== undefined, s.all_active_contacts === true].filter(Boolean)
            .length === 1,
        {
          error: "exactly one of contact_ids, list_ids or all_active_contacts (true) is required",
        },
      ),
    list_ids: z.array(Uuid).min(1).max(50),
  })
  .strict();

export function listMembershipActivity(
  sandbox: Sandbox,
  kind: Extract<ActivityKind, "add_list_memberships" | "remove_list_memberships">,
) {
  return async (ctx: RequestContext, access: AccessContext): Promise<Reply> => {
    const body = await readJson(ctx.req, MembershipRequest, ERROR_KEY);
    assertListsExist(access.store, [...body.list_ids, ...(body.source.list_ids ?? [])]);
    const source = {
      contactIds: body.source.contact_ids,
      listIds: body.source.list_ids,
      allActiveContacts: body.source.all_active_contacts,
    };
    const activity = queueActivity(
      sandbox,
      access,
      kind,
      body.list_ids,
      resolveSource(access.store, source, sandbox.now()).length,
    );
    activity.source = source;
    return json(201, createdView(activity));
  };
}

export function queueActivity(
  sandbox: Sandbox,
  access: AccessContext,
  kind: ActivityKind,
  listIds: string[],
  itemsTotal: number,
): Activity {
  const accountId = access.store.account.accountId;
  if (queuedActivityCount(sandbox.state, accountId) >= MAX_QUEUED_ACTIVITIES) {
    throw ccError(
      429,
      "too_many_requests",
      "Too many requests. You exceeded 1,000 queued activities for this user account.",
    );
  }
  const activity: Activity = {
    activityId: randomUUID(),
    accountId,
    kind,
    createdAt: sandbox.now(),
    delayMs: sandbox.config.importDelayMs,
    itemsTotal,
    importRows: [],
    listIds,
    source: null,
    result: null,
  };
  sandbox.state.activities.set(activity.activityId, activity);
  sandbox.state.touch();
  return activity;
}

/** The POST answer: CC reports the new activity as just received. */
export function createdView(activity: Activity) {
  return {
    activity_id: activity.activityId,
    state: "initialized",
    _links: { self: { href: `/v3/activities/${activity.activityId}` } },
  };
}

export function getActivity(sandbox: Sandbox) {
  return (ctx: RequestContext, access: AccessContext): Reply => {
    const activity = sandbox.state.activities.get(ctx.params.activity_id ?? "");
    const now = sandbox.now();
    // Another account's activity is "not found", and CC forgets activities after 10 days.
    if (
      !activity ||
      activity.accountId !== access.store.account.accountId ||
      activity.createdAt + ACTIVITY_RETENTION_MS < now
    ) {
      throw notFound("activities.api.not_found", "Resource not found for the activity_id provided");
    }
    // The request's start settled what was due then; an activity that came due since is settled now, so a
    // report never says "completed" without the counts of what it did.
    if (activity.result === null) settleActivities(sandbox.state);
    return json(200, activityView(activity, now));
  };
}

const ActivitiesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  state: z.enum(["processing", "completed", "cancelled", "failed", "timed_out"]).optional(),
});

/**
 * GET /v3/activities: the account's activities of every kind submitted in the last 10 days, newest first, each as
 * GET /v3/activities/{activity_id} shows it; `state` keeps one state, `limit` (1..500) sizes pages that follow
 * `_links.next`.
 */
export function listActivities(sandbox: Sandbox) {
  return (ctx: RequestContext, access: AccessContext): Reply => {
    // Like the single GET: what came due since the request started is settled before it is reported.
    settleActivities(sandbox.state);
    const now = sandbox.now();
    const accountId = access.store.account.accountId;
    // Newest first; among activities created at the same instant, the later submitted first.
    const views = [...sandbox.state.activities.values()]
      .filter((a) => a.accountId === accountId && a.createdAt + ACTIVITY_RETENTION_MS >= now)
      .reverse()
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((a) => activityView(a, now));
    const { page, links } = offsetPage(
      ctx.url,
      (query) => (query.state ? views.filter((v) => v.state === query.state) : views),
      ActivitiesQuery,
      ERROR_KEY,
    );
    return json(200, { activities: page, ...links });
  };
}
