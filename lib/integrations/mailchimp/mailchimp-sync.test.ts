// The Mailchimp integration end to end against the Mailchimp sandbox (real HTTP, real Postgres): connect and choose an
// audience (our webhook registered), a full sync, opt-outs and re-consent, email changes, the webhook and its retries,
// the fallback pull, cleaned addresses, and API calls counted as Mailchimp counted them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeConsentByStaff } from "@/lib/clients/change-consent";
import { updateClientProfile } from "@/lib/clients/update-client-profile";
import { db } from "@/lib/db";
import { listClients } from "@/lib/clients/list-clients";
import { pullHandler } from "@/lib/sync/pull";
import { clientSyncView } from "@/lib/sync/status/client-sync";
import { chooseSegmentFields } from "@/lib/integrations/mailchimp/connection";
import { FIELDS_FRESH_MS } from "@/lib/integrations/mailchimp/sync-adapter";
import { createTestClient, createTestClientOptions } from "@/prisma/seed/factories";
import { connectedMailchimpBusiness, startMailchimpEnv, type MailchimpEnv } from "@/tests/support/connected-mailchimp";
import { inlineStep } from "@/tests/support/inline-step";
import { control, controlMemberOf, mcApi, type McCallsJson } from "@/tests/support/mc-sandbox";
import { runPush } from "@/tests/support/run-push";
import { storedTokens } from "@/tests/support/stored-tokens";
import { waitFor } from "@/tests/support/wait-for";

let env: MailchimpEnv;
beforeAll(async () => {
  env = await startMailchimpEnv();
});
afterAll(() => env.close());

const push = (businessId: string, trigger: "LIST_SAVED" | "CLIENT_CHANGE" = "CLIENT_CHANGE") =>
  runPush(businessId, trigger, inlineStep, "MAILCHIMP");
const member = (b: { accountEmail: string }, email: string) => controlMemberOf(env.sandbox.url, b.accountEmail, email);
const callsOf = async (accountEmail: string) => {
  const body = await control<McCallsJson>(env.sandbox.url, "/calls");
  return body.log.filter((c) => c.account === accountEmail && c.endpoint.includes("/3.0")).length;
};
const ctxOf = (b: { business: { id: string }; ownerCtx: { actor: never } }) => ({
  businessId: b.business.id,
  actor: b.ownerCtx.actor,
});

async function optedIn(b: { business: { id: string } }, email: string, over: Record<string, unknown> = {}) {
  return createTestClient(db, b.business.id, { email, newsOptIn: true, ...over });
}

describe("Mailchimp: connect, choose audience, full sync", () => {
  it("registers the webhook, sends every opted-in client with name and city, and counts each call Mailchimp saw", async () => {
    const b = await connectedMailchimpBusiness(env);
    expect(b.webhook).toBe(true);
    const hooks = await control<{
      webhooks: { url: string; events: Record<string, boolean>; sources: Record<string, boolean> }[];
    }>(env.sandbox.url, `/webhooks?accountEmail=${encodeURIComponent(b.accountEmail)}`);
    expect(hooks.webhooks).toHaveLength(1);
    expect(hooks.webhooks[0]!.url).toContain(`c=${b.connectionId}`);
    expect(hooks.webhooks[0]!.sources).toMatchObject({ user: true, admin: true, api: false });

    await optedIn(b, "ana@example.test", { firstName: "Ana", lastName: "Lopez", city: "Austin" });
    await optedIn(b, "ben@example.test", { firstName: "Ben", lastName: "Ng", city: null });
    await createTestClient(db, b.business.id, { email: "no@example.test", newsOptIn: false });
    const before = await callsOf(b.accountEmail);
    await push(b.business.id, "LIST_SAVED");

    const ana = await member(b, "ana@example.test");
    expect(ana).toMatchObject({ status: "subscribed" });
    expect(ana!.merge_fields).toMatchObject({ FNAME: "Ana", LNAME: "Lopez", CITY: "Austin" });
    expect((await member(b, "ben@example.test"))?.status).toBe("subscribed");
    expect(await member(b, "no@example.test")).toBeUndefined();
    const run = await db.syncRun.findFirstOrThrow({
      where: { connectionId: b.connectionId, kind: "FULL" },
      orderBy: { startedAt: "desc" },
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.added).toBe(2);
    // Exactly the calls Mailchimp logged for the account during the run (audience fields, the opt-out read, the batch).
    expect(run.apiCalls).toBe((await callsOf(b.accountEmail)) - before);
  });
});

describe("Mailchimp: merge fields looked up once an hour, not on every push", () => {
  const endpointsSince = async (accountEmail: string, from: number) => {
    const body = await control<McCallsJson>(env.sandbox.url, "/calls");
    return body.log
      .filter((c) => c.account === accountEmail && c.endpoint.includes("/3.0"))
      .slice(from)
      .map((c) => `${c.method} ${c.endpoint}`);
  };

  it("a delta soon after a check is only its batch subscribe; a field deleted in Mailchimp comes back with its values", async () => {
    const b = await connectedMailchimpBusiness(env);
    const { clientType } = await createTestClientOptions(db, b.business.id);
    await chooseSegmentFields(b.ownerCtx, { clientType: true, groups: false });
    const ana = await optedIn(b, "ana.f@example.test");
    await db.client.update({ where: { id: ana.id }, data: { clientTypeId: clientType.id } });
    const ben = await optedIn(b, "ben.f@example.test", { firstName: "Ben", lastName: "Ng" });
    const moveBen = (city: string) =>
      updateClientProfile(ctxOf(b as never), {
        clientId: ben.id,
        firstName: "Ben",
        lastName: "Ng",
        email: "ben.f@example.test",
        city,
        clientTypeId: "",
        groupIds: [],
      } as never);
    await push(b.business.id, "LIST_SAVED");
    expect((await member(b, "ana.f@example.test"))!.merge_fields).toMatchObject({ CTYPE: clientType.name });

    const from = await callsOf(b.accountEmail);
    await moveBen("Elsewhere");
    await push(b.business.id);
    expect(await endpointsSince(b.accountEmail, from)).toEqual(["POST /3.0/lists/{list_id}"]);

    // The owner deletes the field in Mailchimp (its values go with it). Within the hour nothing looks; after it, the
    // next push finds it missing, creates it again and sends Ana's client type again.
    const token = (await storedTokens(b.connectionId)).accessToken!;
    const fields = (await (await mcApi(env.sandbox.url, token, `/lists/${b.listId}/merge-fields`)).json()) as {
      merge_fields: { merge_id: number; tag: string }[];
    };
    const ctype = fields.merge_fields.find((f) => f.tag === "CTYPE")!;
    expect(
      (
        await mcApi(env.sandbox.url, token, `/lists/${b.listId}/merge-fields/${ctype.merge_id}`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(204);
    expect((await member(b, "ana.f@example.test"))!.merge_fields.CTYPE).toBeUndefined();
    await db.connection.update({
      where: { id: b.connectionId },
      data: { fieldsCheckedAt: new Date(Date.now() - FIELDS_FRESH_MS - 1000) },
    });
    await moveBen("Further");
    await push(b.business.id);
    await push(b.business.id);
    expect((await member(b, "ana.f@example.test"))!.merge_fields).toMatchObject({ CTYPE: clientType.name });
  });
});

describe("Mailchimp: consent is one, nobody is subscribed again by the sync", () => {
  it("an opt-out here unsubscribes the member (not deleted); consent again asks them to confirm (pending)", async () => {
    const b = await connectedMailchimpBusiness(env);
    const client = await optedIn(b, "cara@example.test");
    await push(b.business.id, "LIST_SAVED");
    expect((await member(b, "cara@example.test"))?.status).toBe("subscribed");

    await changeConsentByStaff(ctxOf(b as never), { clientId: client.id, optIn: false });
    await push(b.business.id);
    expect((await member(b, "cara@example.test"))?.status).toBe("unsubscribed");

    await changeConsentByStaff(ctxOf(b as never), { clientId: client.id, optIn: true, method: "IN_WRITING" });
    await push(b.business.id);
    expect((await member(b, "cara@example.test"))?.status).toBe("pending");
  });

  it("an email change leaves the old address unsubscribed and subscribes the new one", async () => {
    const b = await connectedMailchimpBusiness(env);
    const client = await optedIn(b, "old@example.test", { firstName: "Dee", lastName: "Old" });
    await push(b.business.id, "LIST_SAVED");
    await updateClientProfile(ctxOf(b as never), {
      clientId: client.id,
      firstName: "Dee",
      lastName: "Old",
      email: "new@example.test",
      city: "",
      clientTypeId: "",
      groupIds: [],
    } as never);
    await push(b.business.id);
    expect((await member(b, "old@example.test"))?.status).toBe("unsubscribed");
    expect((await member(b, "new@example.test"))?.status).toBe("subscribed");
  });

  it("a member unsubscribed in Mailchimp before we connected is read first: consent withdrawn here, never sent", async () => {
    const b = await connectedMailchimpBusiness(env);
    await control(env.sandbox.url, "/members", {
      accountEmail: b.accountEmail,
      list: "Newsletter",
      members: [{ email: "gone@example.test", status: "unsubscribed" }],
    });
    const client = await optedIn(b, "gone@example.test");
    const subscribeCallsBefore = (await control<McCallsJson>(env.sandbox.url, "/calls")).log.length;
    await push(b.business.id, "LIST_SAVED");
    expect((await member(b, "gone@example.test"))?.status).toBe("unsubscribed");
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({
      newsOptIn: false,
      unsubscribeSource: "MAILCHIMP",
    });
    // No batch call carried the address: nothing to refuse.
    const log = (await control<McCallsJson>(env.sandbox.url, "/calls")).log.slice(subscribeCallsBefore);
    expect(log.some((c) => c.endpoint === "POST /3.0/lists/{list_id}")).toBe(false);
  });
});

describe("Mailchimp: the webhook", () => {
  it("an unsubscribe made in Mailchimp withdraws the client's consent here within seconds, audited with the source", async () => {
    const b = await connectedMailchimpBusiness(env);
    const client = await optedIn(b, "eve@example.test");
    await push(b.business.id, "LIST_SAVED");
    await control(env.sandbox.url, "/unsubscribe", { accountEmail: b.accountEmail, email: "eve@example.test" });
    await waitFor(
      async () => ((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn ? null : true),
      10_000,
    );
    const event = await db.consentEvent.findFirstOrThrow({ where: { clientId: client.id, toOptIn: false } });
    expect(event.source).toBe("MAILCHIMP");
  });

  it("a cleaned address shows as bouncing and is never sent again; consent is untouched", async () => {
    const b = await connectedMailchimpBusiness(env);
    const client = await optedIn(b, "fay@example.test");
    await push(b.business.id, "LIST_SAVED");
    await control(env.sandbox.url, "/clean", { accountEmail: b.accountEmail, email: "fay@example.test" });
    await waitFor(
      () =>
        db.emailBounce.findUnique({
          where: { connectionId_email: { connectionId: b.connectionId, email: "fay@example.test" } },
        }),
      10_000,
    );
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(true);
    await updateClientProfile(ctxOf(b as never), {
      clientId: client.id,
      firstName: "Fay",
      lastName: "Changed",
      email: "fay@example.test",
      city: "",
      clientTypeId: "",
      groupIds: [],
    } as never);
    await push(b.business.id);
    const state = await db.clientSyncState.findUniqueOrThrow({
      where: { connectionId_clientId: { connectionId: b.connectionId, clientId: client.id } },
    });
    expect(state.status).toBe("BOUNCED");
    expect((await member(b, "fay@example.test"))?.status).toBe("cleaned");
    // The front desk sees it on the profile and in the clients list's filter, until the email changes.
    const view = await clientSyncView(b.ownerCtx, client.id);
    expect(view.find((v) => v.provider === "MAILCHIMP")?.bounce).toMatchObject({ kind: "NON_EXISTENT" });
    const listed = await listClients(b.ownerCtx, { sync: "bouncing", via: "mailchimp" });
    expect(listed.clients.map((c) => c.id)).toEqual([client.id]);
    await updateClientProfile(ctxOf(b as never), {
      clientId: client.id,
      firstName: "Fay",
      lastName: "Changed",
      email: "fay.new@example.test",
      city: "",
      clientTypeId: "",
      groupIds: [],
    } as never);
    expect((await clientSyncView(b.ownerCtx, client.id)).find((v) => v.provider === "MAILCHIMP")?.bounce).toBeNull();
    expect((await listClients(b.ownerCtx, { sync: "bouncing", via: "mailchimp" })).clients).toEqual([]);
  });

  it("refuses a call without the secret, and tells Mailchimp to stop calling for a connection that is gone", async () => {
    const b = await connectedMailchimpBusiness(env);
    const form = new URLSearchParams({
      type: "unsubscribe",
      "data[email]": "x@example.test",
      "data[list_id]": b.listId,
    });
    const wrong = await fetch(
      `${env.endpoint.url}/api/integrations/mailchimp/webhook?c=${b.connectionId}&secret=${"x".repeat(32)}`,
      {
        method: "POST",
        body: form,
      },
    );
    expect(wrong.status).toBe(403);
    const gone = await fetch(
      `${env.endpoint.url}/api/integrations/mailchimp/webhook?c=00000000-0000-4000-8000-000000000000&secret=${"x".repeat(32)}`,
      { method: "POST", body: form },
    );
    expect(gone.status).toBe(410);
  });
});

describe("Mailchimp: a missed webhook", () => {
  it("the fallback pull applies an unsubscribe the webhook never delivered", async () => {
    const b = await connectedMailchimpBusiness(env);
    const client = await optedIn(b, "gil@example.test");
    await push(b.business.id, "LIST_SAVED");
    // Our end refuses the webhook (its secret no longer matches): Mailchimp's deliveries never get through.
    await db.connection.update({ where: { id: b.connectionId }, data: { webhookSecretHash: "not-the-secret" } });
    await control(env.sandbox.url, "/unsubscribe", { accountEmail: b.accountEmail, email: "gil@example.test" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(true);
    await pullHandler({ event: { data: { connectionId: b.connectionId, trigger: "MANUAL" } }, step: inlineStep });
    expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).newsOptIn).toBe(false);
  });
});
