// Mailchimp's own Node SDK (@mailchimp/mailchimp_marketing 3.0.80, generated from Mailchimp's API description) drives
// the sandbox through every endpoint the integration uses: a client written by Mailchimp agrees with our stand-in on
// paths, methods, parameters, bodies and the shapes of the answers.
import mailchimp from "@mailchimp/mailchimp_marketing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectMailchimp,
  control,
  mcListId,
  startReceiver,
  startTestMailchimpSandbox,
  subscriberHash,
  type Receiver,
  type TestMailchimpSandbox,
} from "./testing/helpers";

let sb: TestMailchimpSandbox;
let app: Receiver;
let listId: string;
beforeAll(async () => {
  sb = await startTestMailchimpSandbox({ batchBaseMs: 1_000, batchMsPerOperation: 10 });
  app = await startReceiver();
  const { token, metadata } = await connectMailchimp(sb.url);
  // The SDK builds https://<server>.api.mailchimp.com/3.0 and replaces the first "server" in the URL with
  // config.server: point its base path at the sandbox instead, and give it no server to replace.
  mailchimp.setConfig({ accessToken: token });
  mailchimp.basePath = `${metadata.api_endpoint}/3.0`;
  listId = await mcListId(sb.url, "sunrise@mc.test", "Newsletter");
});
afterAll(async () => {
  await app.close();
  await sb.close();
});

type Json = Record<string, unknown>;
const sdkError = async (call: Promise<unknown>) => {
  const error = (await call.then(
    () => {
      throw new Error("expected the SDK call to fail");
    },
    (e: unknown) => e,
  )) as { status: number; response: { body: Json; headers: Record<string, string> } };
  return error;
};

describe("the official SDK against the sandbox", () => {
  it("pings, reads the account root and the audiences", async () => {
    expect(await mailchimp.ping.get()).toEqual({ health_status: "Everything's Chimpy!" });
    expect(await mailchimp.root.getRoot()).toMatchObject({ account_name: "Sunrise Yoga", email: "sunrise@mc.test" });
    const lists = (await mailchimp.lists.getAllLists({
      count: 2,
      fields: ["lists.id", "lists.name", "total_items"],
    })) as Json;
    expect(lists).toEqual({
      lists: [
        { id: listId, name: "Newsletter" },
        { id: expect.any(String), name: "Class Updates" },
      ],
      total_items: 3,
    });
    const list = (await mailchimp.lists.getList(listId)) as Json;
    expect(list).toMatchObject({ id: listId, name: "Newsletter", stats: { member_count: 2 } });
  });

  it("batch subscribes members and reads the answer's documented shape", async () => {
    const result = (await mailchimp.lists.batchListMembers(
      listId,
      {
        members: [
          { email_address: "sdk.one@example.com", status: "subscribed", merge_fields: { FNAME: "One" } },
          { email_address: "emma.wilson@example.com", status: "subscribed" },
        ],
        update_existing: true,
      },
      { skipMergeValidation: false },
    )) as Json;
    expect(result).toMatchObject({ total_created: 1, total_updated: 0, error_count: 1 });
    expect(result.errors).toEqual([
      expect.objectContaining({ email_address: "emma.wilson@example.com", error_code: "ERROR_GENERIC" }),
    ]);
  });

  it("lists, reads, upserts, updates, archives and erases members", async () => {
    const page = (await mailchimp.lists.getListMembersInfo(listId, {
      status: "subscribed",
      count: 2,
      offset: 0,
    })) as Json;
    expect(page).toMatchObject({ list_id: listId, total_items: 3 });
    expect(page.members).toHaveLength(2);
    const hash = subscriberHash("sdk.two@example.com");
    const put = (await mailchimp.lists.setListMember(listId, hash, {
      email_address: "sdk.two@example.com",
      status_if_new: "subscribed",
      merge_fields: { FNAME: "Two" },
    })) as Json;
    expect(put).toMatchObject({ id: hash, status: "subscribed", merge_fields: { FNAME: "Two" } });
    const patched = (await mailchimp.lists.updateListMember(listId, hash, { merge_fields: { LNAME: "Sdk" } })) as Json;
    expect(patched).toMatchObject({ full_name: "Two Sdk" });
    expect(await mailchimp.lists.getListMember(listId, "sdk.two@example.com")).toMatchObject({ id: hash });
    const refused = await sdkError(
      mailchimp.lists.updateListMember(listId, subscriberHash("emma.wilson@example.com"), { status: "subscribed" }),
    );
    expect(refused.status).toBe(400);
    expect(refused.response.body).toMatchObject({ title: "Member In Compliance State", status: 400 });
    expect(await mailchimp.lists.deleteListMember(listId, hash)).toBeNull();
    expect(await mailchimp.lists.getListMember(listId, hash)).toMatchObject({ status: "archived" });
    const added = (await mailchimp.lists.addListMember(listId, {
      email_address: "sdk.three@example.com",
      status: "pending",
    })) as Json;
    expect(added.status).toBe("pending");
    expect(await mailchimp.lists.deleteListMemberPermanent(listId, subscriberHash("sdk.three@example.com"))).toBeNull();
    expect(
      (await sdkError(mailchimp.lists.getListMember(listId, subscriberHash("sdk.three@example.com")))).status,
    ).toBe(404);
  });

  it("manages merge fields, interest categories and interests", async () => {
    const field = (await mailchimp.lists.addListMergeField(listId, {
      name: "Studio",
      type: "text",
      tag: "STUDIO",
    })) as Json;
    expect(field).toMatchObject({ tag: "STUDIO", type: "text", list_id: listId });
    const fields = (await mailchimp.lists.getListMergeFields(listId, { count: 50 })) as Json;
    expect((fields.merge_fields as Json[]).map((f) => f.tag)).toEqual(["FNAME", "LNAME", "ADDRESS", "PHONE", "STUDIO"]);
    expect(await mailchimp.lists.updateListMergeField(listId, field.merge_id, { name: "Home studio" })).toMatchObject({
      name: "Home studio",
    });
    expect(await mailchimp.lists.getListMergeField(listId, field.merge_id)).toMatchObject({ tag: "STUDIO" });
    expect(await mailchimp.lists.deleteListMergeField(listId, field.merge_id)).toBeNull();

    const category = (await mailchimp.lists.createListInterestCategory(listId, {
      title: "Times",
      type: "checkboxes",
    })) as Json;
    expect(category).toMatchObject({ title: "Times", type: "checkboxes", list_id: listId });
    const interest = (await mailchimp.lists.createInterestCategoryInterest(listId, category.id, {
      name: "Mornings",
    })) as Json;
    expect(interest).toMatchObject({ name: "Mornings", category_id: category.id, subscriber_count: "0" });
    const categories = (await mailchimp.lists.getListInterestCategories(listId)) as Json;
    expect((categories.categories as Json[]).map((c) => c.title)).toContain("Times");
    const interests = (await mailchimp.lists.listInterestCategoryInterests(listId, category.id)) as Json;
    expect(interests).toMatchObject({ total_items: 1, category_id: category.id });
  });

  it("tags members and searches tags", async () => {
    const hash = subscriberHash("ava.brooks@example.com");
    expect(
      await mailchimp.lists.updateListMemberTags(listId, hash, { tags: [{ name: "SDK", status: "active" }] }),
    ).toBeNull();
    const tags = (await mailchimp.lists.getListMemberTags(listId, hash)) as Json;
    expect(tags).toMatchObject({
      total_items: 1,
      tags: [{ name: "SDK", id: expect.any(Number), date_added: expect.any(String) }],
    });
    expect(await mailchimp.lists.tagSearch(listId, { name: "SD" })).toMatchObject({
      total_items: 1,
      tags: [{ name: "SDK" }],
    });
  });

  it("creates, reads and deletes webhooks", async () => {
    const webhook = (await mailchimp.lists.createListWebhook(listId, {
      url: `${app.url}/hooks/mailchimp?secret=x`,
      events: { unsubscribe: true, cleaned: true, upemail: true, subscribe: false, profile: false, campaign: false },
      sources: { user: true, admin: true, api: false },
    })) as Json;
    expect(webhook).toMatchObject({
      url: `${app.url}/hooks/mailchimp?secret=x`,
      list_id: listId,
      sources: { api: false },
    });
    expect(await mailchimp.lists.getListWebhook(listId, webhook.id)).toMatchObject({ id: webhook.id });
    expect(await mailchimp.lists.getListWebhooks(listId)).toMatchObject({ total_items: 1, list_id: listId });
    expect(await mailchimp.lists.deleteListWebhook(listId, webhook.id)).toBeNull();
  });

  it("starts a batch, follows it to finished, lists and deletes it", async () => {
    const batch = (await mailchimp.batches.start({
      operations: [
        {
          method: "PUT",
          path: `/lists/${listId}/members/${subscriberHash("sdk.batch@example.com")}`,
          body: JSON.stringify({ email_address: "sdk.batch@example.com", status_if_new: "subscribed" }),
          operation_id: "sdk-1",
        },
      ],
    })) as Json;
    expect(batch).toMatchObject({ status: "pending", total_operations: 1 });
    sb.clock.advance(2_000);
    const done = (await mailchimp.batches.status(batch.id)) as Json;
    expect(done).toMatchObject({ status: "finished", finished_operations: 1, errored_operations: 0 });
    expect(String(done.response_body_url)).toMatch(/\.tar\.gz$/);
    expect(await mailchimp.batches.list({ count: 10 })).toMatchObject({ total_items: 1 });
    expect(await mailchimp.batches.deleteRequest(batch.id)).toBeNull();
    expect(await control(sb.url, "/accounts/sunrise@mc.test/members?email=sdk.batch@example.com")).toMatchObject({
      total: 1,
    });
  });
});
