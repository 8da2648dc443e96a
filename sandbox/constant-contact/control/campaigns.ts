// POST /__control/campaigns: the owner sends an email campaign from CC's screens to one list's current members, and
// some addresses bounce. The V3 API then reads it (GET /v3/emails...) and its bounce report.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { controlError, readControlJson } from "../../control/control-body";
import { json, type Reply, type RequestContext } from "../../http";
import { isActive } from "../contact-rules";
import type { Sandbox } from "../context";
import { BOUNCE_CODES, type EmailCampaign } from "../model";
import { emailKey } from "../state";
import { campaignView } from "../v3/emails";
import { iso } from "../v3/views";

const CampaignInput = z
  .object({
    accountEmail: z.string(),
    /** The list it goes to, by name or id. */
    list: z.string(),
    name: z.string().trim().min(1).max(80),
    bounces: z
      .array(z.object({ email: z.string(), code: z.enum(BOUNCE_CODES) }).strict())
      .max(100_000)
      .default([]),
  })
  .strict();

export async function sendCampaign(sandbox: Sandbox, ctx: RequestContext): Promise<Reply> {
  const input = await readControlJson(ctx.req, CampaignInput);
  const store = sandbox.state.storeByEmail(input.accountEmail);
  if (!store) throw controlError(404, `no account ${input.accountEmail}`);
  const list = store.lists.find((l) => l.listId === input.list || l.name === input.list);
  if (!list) throw controlError(404, `no list ${input.list} in ${input.accountEmail}`);
  // "Campaign names must be unique for each account ID."
  if (store.campaigns.some((c) => c.name === input.name))
    throw controlError(409, `a campaign named ${input.name} exists`);
  // It goes to the list's current members who may be emailed: not unsubscribed, not deleted.
  const recipients = new Map(
    store.contacts.filter((c) => c.listIds.includes(list.listId) && isActive(c)).map((c) => [c.emailKey, c]),
  );
  const now = sandbox.now();
  const bounces = input.bounces.map((bounce, i) => {
    const contact = recipients.get(emailKey(bounce.email));
    if (!contact)
      throw controlError(400, `${bounce.email} was not sent this campaign (not an active member of ${list.name})`);
    return {
      seq: i + 1,
      contactId: contact.contactId,
      emailAddress: contact.email,
      firstName: contact.firstName,
      lastName: contact.lastName,
      bounceCode: bounce.code,
      createdAt: now,
    };
  });
  const campaign: EmailCampaign = {
    campaignId: randomUUID(),
    accountId: store.account.accountId,
    name: input.name,
    currentStatus: "Done",
    primaryActivityId: randomUUID(),
    permalinkActivityId: randomUUID(),
    listIds: [list.listId],
    sentCount: recipients.size,
    bounces,
    createdAt: now,
    updatedAt: now,
  };
  store.campaigns.push(campaign);
  sandbox.state.touch();
  return json(201, {
    campaign_id: campaign.campaignId,
    campaign_activity_id: campaign.primaryActivityId,
    permalink_activity_id: campaign.permalinkActivityId,
    name: campaign.name,
    sent_count: campaign.sentCount,
    bounce_count: bounces.length,
  });
}

export function campaignsForControl(sandbox: Sandbox, ctx: RequestContext): Reply {
  const store = sandbox.state.storeByEmail(ctx.params.email ?? "");
  if (!store) throw controlError(404, `no account ${ctx.params.email}`);
  const names = new Map(store.lists.map((l) => [l.listId, l.name]));
  return json(200, {
    campaigns: store.campaigns.map((c) => ({
      ...campaignView(c),
      lists: c.listIds.map((id) => names.get(id) ?? id),
      sent_count: c.sentCount,
      bounces: c.bounces.map((b) => ({ email: b.emailAddress, code: b.bounceCode, created_time: iso(b.createdAt) })),
    })),
  });
}
