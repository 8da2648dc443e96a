import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectedMailchimp } from "../testing/connected";
import {
  control,
  readJson,
  startReceiver,
  subscriberHash,
  type ControlDeliveriesJson,
  type Receiver,
} from "../testing/helpers";

const mc = connectedMailchimp();
let app: Receiver;
beforeAll(async () => {
  app = await startReceiver();
});
afterAll(() => app.close());

interface WebhookJson {
  id: string;
  url: string;
  events: Record<string, boolean>;
  sources: Record<string, boolean>;
  list_id: string;
}

/** A fresh audience per test, so webhooks and deliveries of one test never meet another's. */
async function audience(name: string, emails: string[] = []): Promise<string> {
  await control(mc.url, "/seed", { accountEmail: "sunrise@mc.test", lists: [{ name }] });
  if (emails.length)
    await control(mc.url, "/members", {
      accountEmail: "sunrise@mc.test",
      list: name,
      members: emails.map((email) => ({ email, mergeFields: { FNAME: "Pat", LNAME: "Lee" } })),
    });
  return mc.listId(name);
}

async function hook(listId: string, path: string, sources = { user: true, admin: true, api: false }) {
  const created = await mc.post(`/lists/${listId}/webhooks`, {
    url: `${app.url}${path}?secret=s3cret`,
    events: { subscribe: true, unsubscribe: true, profile: true, cleaned: true, upemail: true, campaign: false },
    sources,
  });
  expect(created.status).toBe(200);
  return readJson<WebhookJson>(created);
}

const posts = (path: string) => app.requests.filter((r) => r.method === "POST" && r.path.startsWith(path));

async function waitForPosts(path: string, count: number) {
  const deadline = Date.now() + 5_000;
  while (posts(path).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} deliveries to ${path}, got ${posts(path).length}`);
    await mc.sandbox.flushWebhooks();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return posts(path);
}

describe("creating a webhook", () => {
  it("GETs the URL first as MailChimp.com WebHook Validator and creates it when the app answers 2xx", async () => {
    const listId = await audience("Hooks A");
    const webhook = await hook(listId, "/a");
    const check = app.requests.find((r) => r.method === "GET" && r.path.startsWith("/a"));
    expect(check?.headers["user-agent"]).toBe("MailChimp.com WebHook Validator");
    expect(webhook).toMatchObject({ url: `${app.url}/a?secret=s3cret`, list_id: listId, sources: { api: false } });
    const listed = await readJson<{ webhooks: WebhookJson[]; total_items: number }>(
      await mc.call(`/lists/${listId}/webhooks`),
    );
    expect(listed.webhooks.map((w) => w.id)).toEqual([webhook.id]);
  });

  it("refuses the create when the URL does not answer 2xx, and the same URL twice (query aside)", async () => {
    const listId = await audience("Hooks B");
    app.answer = (r) => (r.path.startsWith("/missing") ? 404 : 200);
    const refused = await mc.post(`/lists/${listId}/webhooks`, { url: `${app.url}/missing` });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      title: "Invalid Resource",
      detail: "We couldn't verify the URL is working. Please double check and try again. HTTP Code: 404",
    });
    const unreachable = await mc.post(`/lists/${listId}/webhooks`, { url: "http://127.0.0.1:1/hook" });
    expect((await unreachable.json()).detail).toContain("HTTP Code: 0");
    app.answer = () => 200;
    await hook(listId, "/b");
    const twice = await mc.post(`/lists/${listId}/webhooks`, { url: `${app.url}/b?secret=other` });
    expect(twice.status).toBe(400);
    const gone = await mc.del(
      `/lists/${listId}/webhooks/${(await readJson<{ webhooks: WebhookJson[] }>(await mc.call(`/lists/${listId}/webhooks`))).webhooks[0]!.id}`,
    );
    expect(gone.status).toBe(204);
  });
});

describe("deliveries", () => {
  it("POSTs an unsubscribe by the person as MailChimp.com, form-encoded, with Mailchimp's fields", async () => {
    const listId = await audience("Hooks C", ["pat@example.com"]);
    await hook(listId, "/c");
    await control(mc.url, "/unsubscribe", {
      accountEmail: "sunrise@mc.test",
      email: "pat@example.com",
      list: "Hooks C",
      campaignId: "cb398d21d2",
    });
    const [delivery] = await waitForPosts("/c", 1);
    expect(delivery!.path).toBe("/c?secret=s3cret");
    expect(delivery!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(delivery!.headers["user-agent"]).toBe("MailChimp.com");
    expect(delivery!.body.startsWith("type=unsubscribe&fired_at=2026-03-02+12%3A")).toBe(true);
    expect(delivery!.form).toEqual({
      type: "unsubscribe",
      fired_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      "data[action]": "unsub",
      "data[reason]": "manual",
      "data[id]": expect.stringMatching(/^[0-9a-f]{10}$/),
      "data[list_id]": listId,
      "data[email]": "pat@example.com",
      "data[email_type]": "html",
      "data[web_id]": expect.any(String),
      "data[ip_opt]": "",
      "data[campaign_id]": "cb398d21d2",
      "data[merges][EMAIL]": "pat@example.com",
      "data[merges][FNAME]": "Pat",
      "data[merges][LNAME]": "Lee",
      "data[merges][ADDRESS]": "",
      "data[merges][PHONE]": "",
      "data[merges][INTERESTS]": "",
    });
  });

  it("POSTs cleaned (hard or abuse) and upemail with their fields", async () => {
    const listId = await audience("Hooks D", ["bounce@example.com", "moving@example.com"]);
    await hook(listId, "/d", { user: true, admin: true, api: true });
    await control(mc.url, "/clean", { accountEmail: "sunrise@mc.test", email: "bounce@example.com", list: "Hooks D" });
    await mc.patch(`/lists/${listId}/members/${subscriberHash("moving@example.com")}`, {
      email_address: "moved@example.com",
    });
    const [cleaned, upemail] = await waitForPosts("/d", 2);
    expect(cleaned!.form).toEqual({
      type: "cleaned",
      fired_at: expect.any(String),
      "data[list_id]": listId,
      "data[campaign_id]": "",
      "data[reason]": "hard",
      "data[email]": "bounce@example.com",
    });
    expect(upemail!.form).toEqual({
      type: "upemail",
      fired_at: expect.any(String),
      "data[list_id]": listId,
      "data[new_id]": expect.stringMatching(/^[0-9a-f]{10}$/),
      "data[new_email]": "moved@example.com",
      "data[old_email]": "moving@example.com",
    });
  });

  it("sends nothing for the app's own API changes when sources.api is false, nor for events it did not ask for", async () => {
    const listId = await audience("Hooks E", ["quiet@example.com", "loud@example.com"]);
    const webhook = await hook(listId, "/e");
    await mc.patch(`/lists/${listId}/webhooks/${webhook.id}`, { events: { profile: false } });
    await mc.patch(`/lists/${listId}/members/${subscriberHash("quiet@example.com")}`, { status: "unsubscribed" });
    await control(mc.url, "/profile", {
      accountEmail: "sunrise@mc.test",
      email: "loud@example.com",
      list: "Hooks E",
      mergeFields: { FNAME: "Lou" },
    });
    await control(mc.url, "/unsubscribe", {
      accountEmail: "sunrise@mc.test",
      email: "loud@example.com",
      list: "Hooks E",
    });
    const deliveries = await waitForPosts("/e", 1);
    await mc.sandbox.flushWebhooks();
    expect(posts("/e").map((d) => [d.form.type, d.form["data[email]"]])).toEqual([["unsubscribe", "loud@example.com"]]);
    expect(deliveries).toHaveLength(1);
  });

  it("retries at the configured intervals while the app answers non-2xx, then delivers", async () => {
    const listId = await audience("Hooks F", ["retry@example.com"]);
    await hook(listId, "/f");
    let failures = 2;
    app.answer = (r) => (r.method === "POST" && r.path.startsWith("/f") && failures-- > 0 ? 503 : 200);
    await control(mc.url, "/unsubscribe", {
      accountEmail: "sunrise@mc.test",
      email: "retry@example.com",
      list: "Hooks F",
    });
    await waitForPosts("/f", 1);
    // Nothing more until the first retry delay (5 s by default) has passed on the sandbox clock.
    await mc.sandbox.flushWebhooks();
    expect(posts("/f")).toHaveLength(1);
    mc.clock.advance(5_000);
    await waitForPosts("/f", 2);
    mc.clock.advance(9_999);
    await mc.sandbox.flushWebhooks();
    expect(posts("/f")).toHaveLength(2);
    mc.clock.advance(1);
    await waitForPosts("/f", 3);
    const { deliveries } = await control<ControlDeliveriesJson>(mc.url, `/webhook-deliveries?list=${listId}`);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.state).toBe("delivered");
    expect(deliveries[0]!.attempts.map((a) => a.status_code)).toEqual([503, 503, 200]);
    app.answer = () => 200;
  });

  it("keeps retrying an unreachable app, then gives up after the last interval", async () => {
    const listId = await audience("Hooks G", ["down@example.com"]);
    const webhook = await hook(listId, "/g");
    // The app goes away after the webhook was created.
    const list = mc.sandbox.state.storeByEmail("sunrise@mc.test")!.list(listId)!;
    list.webhooks.find((w) => w.id === webhook.id)!.url = "http://127.0.0.1:1/hook";
    await control(mc.url, "/unsubscribe", {
      accountEmail: "sunrise@mc.test",
      email: "down@example.com",
      list: "Hooks G",
    });
    for (const delay of [0, 5_000, 10_000, 20_000, 40_000]) {
      mc.clock.advance(delay);
      await mc.sandbox.flushWebhooks();
    }
    const { deliveries } = await control<ControlDeliveriesJson>(mc.url, `/webhook-deliveries?list=${listId}`);
    expect(deliveries[0]!.state).toBe("failed");
    expect(deliveries[0]!.attempts).toHaveLength(5);
    expect(deliveries[0]!.attempts.every((a) => a.status_code === null && a.error)).toBe(true);
  });

  it("disables the webhook for good when the app answers 410 Gone", async () => {
    const listId = await audience("Hooks H", ["one@example.com", "two@example.com"]);
    await hook(listId, "/h");
    app.answer = (r) => (r.method === "POST" && r.path.startsWith("/h") ? 410 : 200);
    await control(mc.url, "/unsubscribe", {
      accountEmail: "sunrise@mc.test",
      email: "one@example.com",
      list: "Hooks H",
    });
    await waitForPosts("/h", 1);
    await control(mc.url, "/unsubscribe", {
      accountEmail: "sunrise@mc.test",
      email: "two@example.com",
      list: "Hooks H",
    });
    mc.clock.advance(120_000);
    await mc.sandbox.flushWebhooks();
    expect(posts("/h")).toHaveLength(1);
    const { webhooks } = await control<{ webhooks: { list_id: string; enabled: boolean }[] }>(mc.url, "/webhooks");
    expect(webhooks.find((w) => w.list_id === listId)?.enabled).toBe(false);
    app.answer = () => 200;
  });

  it("answers the API call that caused an event without waiting for the delivery", async () => {
    const listId = await audience("Hooks I", ["slow@example.com"]);
    await hook(listId, "/i", { user: true, admin: true, api: true });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const list = mc.sandbox.state.storeByEmail("sunrise@mc.test")!.list(listId)!;
    // Point the webhook at a server that does not answer until told to.
    const { createServer } = await import("node:http");
    const hanging = createServer((_req, res) => void held.then(() => res.writeHead(200).end()));
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    list.webhooks[0]!.url = `http://127.0.0.1:${(hanging.address() as { port: number }).port}/i`;
    const started = Date.now();
    const response = await mc.patch(`/lists/${listId}/members/${subscriberHash("slow@example.com")}`, {
      status: "unsubscribed",
    });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    release();
    await mc.sandbox.flushWebhooks();
    hanging.closeAllConnections();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
  });
});
