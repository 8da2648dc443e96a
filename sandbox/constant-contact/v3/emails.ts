// Email campaigns and their bounce reports, read-only (the campaign_data scope):
//   GET /v3/emails                     campaigns, `limit` 1–500 (50), `after_date` / `before_date` on updated_at,
//                                      cursor paging through `_links.next.href`
//   GET /v3/emails/{campaign_id}       one campaign with its `campaign_activities` (primary_email, permalink)
//   GET /v3/reports/email_reports/{campaign_activity_id}/tracking/bounces
//                                      the activity's bounces, most recent first, `bounce_code` (repeatable) and
//                                      `limit` 1–500 (500), cursor paging
// Campaigns are "sent" by the owner through the control API (POST /__control/campaigns).
import { z } from "zod";
import { json, type Reply, type RequestContext } from "../../http";
import { BOUNCE_CODES, type CampaignBounce, type EmailCampaign } from "../model";
import type { AccessContext } from "../oauth/tokens";
import type { AccountStore } from "../state";
import { decodeCursor, encodeCursor, offsetPage } from "./cursor";
import { notFound } from "./errors";
import { parseQueryParams } from "./json-body";
import { iso } from "./views";

const EMAILS_ERROR_KEY = "emails.api.validation.error";
const REPORTS_ERROR_KEY = "reports.api.validation.error";

const DateTime = z.string().refine((value) => /T/.test(value) && !Number.isNaN(Date.parse(value)), {
  error: "must be an ISO-8601 date-time, e.g. 2021-01-10T11:42:57.000Z",
});

const EmailsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after_date: DateTime.optional(),
  before_date: DateTime.optional(),
});

function campaignSummary(campaign: EmailCampaign) {
  return {
    campaign_id: campaign.campaignId,
    created_at: iso(campaign.createdAt),
    current_status: campaign.currentStatus,
    name: campaign.name,
    type: "Newsletter",
    type_code: 10,
    updated_at: iso(campaign.updatedAt),
  };
}

export function campaignView(campaign: EmailCampaign) {
  return {
    campaign_activities: [
      { campaign_activity_id: campaign.primaryActivityId, role: "primary_email" },
      { campaign_activity_id: campaign.permalinkActivityId, role: "permalink" },
    ],
    ...campaignSummary(campaign),
  };
}

export function listEmails(ctx: RequestContext, access: AccessContext): Reply {
  const { page, links } = offsetPage(
    ctx.url,
    (query) => {
      const after = query.after_date ? Date.parse(query.after_date) : null;
      const before = query.before_date ? Date.parse(query.before_date) : null;
      return access.store.campaigns.filter(
        (c) => (after === null || c.updatedAt > after) && (before === null || c.updatedAt < before),
      );
    },
    EmailsQuery,
    EMAILS_ERROR_KEY,
  );
  return json(200, { ...links, campaigns: page.map(campaignSummary) });
}

export function getEmail(ctx: RequestContext, access: AccessContext): Reply {
  const campaign = access.store.campaigns.find((c) => c.campaignId === ctx.params.campaign_id);
  if (!campaign) throw notFound("emails.api.not_found", "The requested email campaign was not found.");
  return json(200, campaignView(campaign));
}

const BounceQuery = z.object({
  bounce_code: z.array(z.enum(BOUNCE_CODES)).default([]),
  limit: z.coerce.number().int().min(1).max(500).default(500),
});
const BounceCursor = z.object({
  q: z.object({ bounce_code: z.array(z.string()), limit: z.string().optional() }),
  offset: z.number().int().min(0),
});

function bounceView(store: AccountStore, activityId: string, bounce: CampaignBounce) {
  const contact = store.contact(bounce.contactId);
  return {
    contact_id: bounce.contactId,
    campaign_activity_id: activityId,
    tracking_activity_type: "em_bounces",
    email_address: bounce.emailAddress,
    ...(bounce.firstName !== null ? { first_name: bounce.firstName } : {}),
    ...(bounce.lastName !== null ? { last_name: bounce.lastName } : {}),
    bounce_code: bounce.bounceCode,
    current_email_address: contact?.email ?? bounce.emailAddress,
    created_time: iso(bounce.createdAt),
    ...(contact?.deletedAt ? { deleted_at: iso(contact.deletedAt).slice(0, 10) } : {}),
  };
}

export function bounceReport(ctx: RequestContext, access: AccessContext): Reply {
  const activityId = ctx.params.campaign_activity_id ?? "";
  const campaign = access.store.campaigns.find(
    (c) => c.primaryActivityId === activityId || c.permalinkActivityId === activityId,
  );
  if (!campaign) throw notFound("reports.api.not_found", "The requested campaign activity was not found.");
  const cursor = ctx.url.searchParams.get("cursor");
  const { q, offset } = cursor
    ? decodeCursor(cursor, BounceCursor)
    : {
        q: {
          // Repeated (`bounce_code=B&bounce_code=D`), as the file describes; a comma list is taken too.
          bounce_code: ctx.url.searchParams
            .getAll("bounce_code")
            .flatMap((v) => v.split(","))
            .filter(Boolean),
          ...(ctx.url.searchParams.has("limit") ? { limit: ctx.url.searchParams.get("limit")! } : {}),
        },
        offset: 0,
      };
  const query = parseQueryParams(q, BounceQuery, REPORTS_ERROR_KEY);
  // Only the primary_email went to contacts; the permalink has no bounces.
  const bounces = (campaign.primaryActivityId === activityId ? campaign.bounces : [])
    .filter((b) => query.bounce_code.length === 0 || query.bounce_code.includes(b.bounceCode))
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  const end = offset + query.limit;
  const next = end < bounces.length ? `${ctx.url.pathname}?cursor=${encodeCursor({ q, offset: end })}` : null;
  return json(200, {
    tracking_activities: bounces.slice(offset, end).map((b) => bounceView(access.store, activityId, b)),
    _links: next ? { next: { href: next } } : {},
  });
}
