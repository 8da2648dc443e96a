import { describe, expect, it } from "vitest";
import { connectedSandbox } from "../testing/connected-sandbox";
import { api, connect, control, readJson, type ContactsPageJson } from "../testing/helpers";

const sb = connectedSandbox({}, { scope: "contact_data campaign_data account_read offline_access" });

interface CampaignJson {
  campaign_id: string;
  created_at: string;
  current_status: string;
  name: string;
  type: string;
  type_code: number;
  updated_at: string;
  campaign_activities?: { campaign_activity_id: string; role: string }[];
}
interface CampaignsPageJson {
  campaigns: CampaignJson[];
  _links?: { next?: { href: string } };
}
interface BounceJson {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  bounce_code: string;
  current_email_address: string;
  created_time: string;
  deleted_at?: string;
}
interface BouncesPageJson {
  tracking_activities: BounceJson[];
  _links: { next?: { href: string } };
}
interface SentJson {
  campaign_id: string;
  campaign_activity_id: string;
  permalink_activity_id: string;
  sent_count: number;
  bounce_count: number;
}

const send = (name: string, bounces: { email: string; code: string }[] = [], list = "Newsletter") =>
  control<SentJson>(sb.url, "/campaigns", { accountEmail: "sunrise@cc.test", list, name, bounces });

const bouncesPath = (activityId: string) => `/v3/reports/email_reports/${activityId}/tracking/bounces`;

async function allPages<T>(first: string, key: "campaigns" | "tracking_activities"): Promise<T[][]> {
  const pages: T[][] = [];
  for (let href: string | undefined = first; href;) {
    const response = await sb.call(href);
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & { _links?: { next?: { href: string } } };
    pages.push(body[key] as T[]);
    href = body._links?.next?.href;
  }
  return pages;
}

describe("email campaigns", () => {
  it("lists a sent campaign and shows it with its primary_email and permalink activities", async () => {
    const sent = await send("March Newsletter", [{ email: "ava.brooks@example.com", code: "B" }]);
    // Newsletter's active members: Ava, Liam, Mia (Emma unsubscribed, so the campaign did not go to her).
    expect(sent).toMatchObject({ sent_count: 3, bounce_count: 1 });
    const { campaigns } = await readJson<CampaignsPageJson>(await sb.call("/v3/emails"));
    expect(campaigns).toContainEqual({
      campaign_id: sent.campaign_id,
      created_at: expect.any(String),
      current_status: "Done",
      name: "March Newsletter",
      type: "Newsletter",
      type_code: 10,
      updated_at: expect.any(String),
    });
    const one = await readJson<CampaignJson>(await sb.call(`/v3/emails/${sent.campaign_id}`));
    expect(one.campaign_activities).toEqual([
      { campaign_activity_id: sent.campaign_activity_id, role: "primary_email" },
      { campaign_activity_id: sent.permalink_activity_id, role: "permalink" },
    ]);
    expect((await sb.call("/v3/emails/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("needs the campaign_data scope", async () => {
    const contactsOnly = (await connect(sb.url, { scope: "contact_data offline_access" })).access_token;
    const refused = await api(sb.url, contactsOnly, "/v3/emails");
    expect(refused.status).toBe(403);
    expect((await refused.json())[0].error_key).toBe("forbidden");
  });

  it("filters by updated_at with after_date and before_date, and pages with limit and _links.next", async () => {
    // Minutes apart (the access token lives 24 hours on this clock).
    sb.clock.advance(60_000);
    const from = new Date(sb.clock.now()).toISOString();
    for (let i = 1; i <= 5; i++) {
      sb.clock.advance(60_000);
      await send(`Daily ${i}`);
    }
    sb.clock.advance(60_000);
    const to = new Date(sb.clock.now()).toISOString();
    sb.clock.advance(60_000);
    await send("After the window");
    const pages = await allPages<CampaignJson>(
      `/v3/emails?limit=2&after_date=${encodeURIComponent(from)}&before_date=${encodeURIComponent(to)}`,
      "campaigns",
    );
    expect(pages.map((p) => p.map((c) => c.name))).toEqual([
      ["Daily 1", "Daily 2"],
      ["Daily 3", "Daily 4"],
      ["Daily 5"],
    ]);
    const later = await readJson<CampaignsPageJson>(await sb.call(`/v3/emails?after_date=${encodeURIComponent(to)}`));
    expect(later.campaigns.map((c) => c.name)).toEqual(["After the window"]);
    expect(later._links).toBeUndefined();
    for (const bad of ["limit=0", "limit=501", "after_date=yesterday", "before_date=2026-03-02"]) {
      const response = await sb.call(`/v3/emails?${bad}`);
      expect(response.status, bad).toBe(400);
      expect((await response.json())[0]).toEqual({
        error_key: "emails.api.validation.error",
        error_message: expect.any(String),
      });
    }
  });
});

describe("bounce reports", () => {
  it("lists an activity's bounces in CC's shape, most recent first, filtered by bounce_code", async () => {
    const sent = await send("Bouncy", [
      { email: "ava.brooks@example.com", code: "B" },
      { email: "liam.chen@example.com", code: "Z" },
      { email: "mia.patel@example.com", code: "F" },
    ]);
    const report = await readJson<BouncesPageJson>(await sb.call(bouncesPath(sent.campaign_activity_id)));
    expect(report._links).toEqual({});
    expect(report.tracking_activities.map((b) => [b.email_address, b.bounce_code])).toEqual([
      ["mia.patel@example.com", "F"],
      ["liam.chen@example.com", "Z"],
      ["ava.brooks@example.com", "B"],
    ]);
    expect(report.tracking_activities[2]).toEqual({
      contact_id: expect.any(String),
      campaign_activity_id: sent.campaign_activity_id,
      tracking_activity_type: "em_bounces",
      email_address: "ava.brooks@example.com",
      first_name: "Ava",
      last_name: "Brooks",
      bounce_code: "B",
      current_email_address: "ava.brooks@example.com",
      created_time: new Date(sb.clock.now()).toISOString(),
    });
    const filtered = await readJson<BouncesPageJson>(
      await sb.call(`${bouncesPath(sent.campaign_activity_id)}?bounce_code=B&bounce_code=Z`),
    );
    expect(filtered.tracking_activities.map((b) => b.bounce_code)).toEqual(["Z", "B"]);
    const bad = await sb.call(`${bouncesPath(sent.campaign_activity_id)}?bounce_code=Q`);
    expect(bad.status).toBe(400);
    expect((await bad.json())[0].error_key).toBe("reports.api.validation.error");
    // The permalink went to nobody; an unknown activity is 404.
    expect(
      (await readJson<BouncesPageJson>(await sb.call(bouncesPath(sent.permalink_activity_id)))).tracking_activities,
    ).toEqual([]);
    expect((await sb.call(bouncesPath("00000000-0000-4000-8000-000000000000"))).status).toBe(404);
  });

  it("pages 500 bounces at a time by default and follows _links.next; limit is 1–500", async () => {
    await control(sb.url, "/seed", {
      accountEmail: "sunrise@cc.test",
      lists: [{ name: "Bulk" }],
      contacts: { count: 620, listName: "Bulk", emailPrefix: "bulk" },
    });
    const bounces = Array.from({ length: 620 }, (_, i) => ({
      email: `bulk${i + 1}@example.com`,
      code: i % 2 ? "D" : "B",
    }));
    const sent = await send("Bulk send", bounces, "Bulk");
    expect(sent).toMatchObject({ sent_count: 620, bounce_count: 620 });
    const pages = await allPages<BounceJson>(bouncesPath(sent.campaign_activity_id), "tracking_activities");
    expect(pages.map((p) => p.length)).toEqual([500, 120]);
    expect(new Set(pages.flat().map((b) => b.email_address)).size).toBe(620);
    const small = await allPages<BounceJson>(
      `${bouncesPath(sent.campaign_activity_id)}?limit=300&bounce_code=D`,
      "tracking_activities",
    );
    expect(small.map((p) => p.length)).toEqual([300, 10]);
    expect(small.flat().every((b) => b.bounce_code === "D")).toBe(true);
    for (const limit of ["0", "501"])
      expect((await sb.call(`${bouncesPath(sent.campaign_activity_id)}?limit=${limit}`)).status).toBe(400);
  });

  it("shows the contact's current address and the deletion date when they changed after the bounce", async () => {
    const sent = await send("Before the move", [
      { email: "liam.chen@example.com", code: "S" },
      { email: "mia.patel@example.com", code: "X" },
    ]);
    const { contacts } = await readJson<ContactsPageJson>(await sb.call("/v3/contacts?email=liam.chen@example.com"));
    const liam = contacts[0]!;
    const full = await readJson<Record<string, unknown>>(
      await sb.call(`/v3/contacts/${liam.contact_id}?include=list_memberships`),
    );
    await sb.put(`/v3/contacts/${liam.contact_id}`, {
      ...full,
      email_address: { address: "liam.new@example.com" },
      update_source: "Account",
    });
    const { contacts: mias } = await readJson<ContactsPageJson>(
      await sb.call("/v3/contacts?email=mia.patel@example.com"),
    );
    await sb.call(`/v3/contacts/${mias[0]!.contact_id}`, { method: "DELETE" });
    const report = await readJson<BouncesPageJson>(await sb.call(bouncesPath(sent.campaign_activity_id)));
    expect(report.tracking_activities.find((b) => b.bounce_code === "S")).toMatchObject({
      email_address: "liam.chen@example.com",
      current_email_address: "liam.new@example.com",
    });
    expect(report.tracking_activities.find((b) => b.bounce_code === "X")?.deleted_at).toMatch(/^\d{4}-\d\d-\d\d$/);
  });
});

describe("control", () => {
  it("refuses bounces of addresses the campaign did not go to, and a second campaign of the same name", async () => {
    const response = await fetch(`${sb.url}/__control/campaigns`, {
      method: "POST",
      body: JSON.stringify({
        accountEmail: "sunrise@cc.test",
        list: "Newsletter",
        name: "Unsent",
        bounces: [{ email: "emma.wilson@example.com", code: "B" }],
      }),
    });
    expect(response.status).toBe(400);
    await send("Once");
    expect(
      (
        await fetch(`${sb.url}/__control/campaigns`, {
          method: "POST",
          body: JSON.stringify({ accountEmail: "sunrise@cc.test", list: "Newsletter", name: "Once" }),
        })
      ).status,
    ).toBe(409);
    const { campaigns } = await control<{ campaigns: { name: string; bounces: { email: string; code: string }[] }[] }>(
      sb.url,
      "/accounts/sunrise@cc.test/campaigns",
    );
    expect(campaigns.find((c) => c.name === "March Newsletter")?.bounces).toEqual([
      { email: "ava.brooks@example.com", code: "B", created_time: expect.any(String) },
    ]);
    const page = await (await fetch(`${sb.url}/?account=sunrise@cc.test`)).text();
    expect(page).toContain("<h3>Campaigns</h3>");
    expect(page).toContain("March Newsletter");
    expect(page).toContain("ava.brooks@example.com (B)");
  });
});
