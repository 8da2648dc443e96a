import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncTrigger } from "../jobs/events";
import { pullHandler } from "@/lib/sync/pull";
import { runPush } from "@/tests/support/run-push";
import { changeConsentByStaff } from "../clients/change-consent";
import { updateClientProfile } from "../clients/update-client-profile";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness, reconnect } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { storedTokens } from "@/tests/support/stored-tokens";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { isPending, pendingCount } from "@/tests/support/client-fixtures";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

const sync = (businessId: string, trigger: SyncTrigger = "CLIENT_CHANGE") => runPush(businessId, trigger, inlineStep);
const pull = (connectionId: string) =>
  pullHandler({ event: { data: { connectionId, trigger: "MANUAL" } }, step: inlineStep });
const lastRun = (businessId: string, kind?: "FULL" | "DELTA" | "UNSUBSCRIBE_PULL") =>
  db.syncRun.findFirstOrThrow({ where: { businessId, ...(kind ? { kind } : {}) }, orderBy: { startedAt: "desc" } });
const ctxOf = (b: { business: { id: string }; ownerCtx: { actor: never } }) => ({
  businessId: b.business.id,
  actor: b.ownerCtx.actor,
});
const stateKey = (b: { connectionId: string }, clientId: string) => ({
  connectionId_clientId: { connectionId: b.connectionId, clientId },
});
const calls = async () => (await control(env.sandbox.url, "/calls")).calls as Record<string, number>;
/** What the sandbox counted of Constant Contact's V3 API (token calls are not API calls). */
const apiCallsCounted = async () =>
  Object.entries(await calls()).reduce((sum, [key, n]) => (key.includes(" /v3/") ? sum + n : sum), 0);
const SIGN_UP_FORM = "POST /v3/contacts/sign_up_form";

/** A contact that already exists in Constant Contact on the account's list "Other" (as the studio's own marketing put it there). */
async function contactOnOtherList(b: Awaited<ReturnType<typeof connectedBusiness>>, email: string) {
  const token = await storedTokens(b.connectionId);
  const other = b.lists.find((l) => l.name === "Other")!.list_id;
  const created = await fetch(`${env.config.apiBaseUrl}/contacts`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      email_address: { address: email, permission_to_send: "implicit" },
      first_name: "Old",
      create_source: "Account",
      list_memberships: [other],
    }),
  });
  expect(created.status).toBe(201);
}
const contactByEmail = async (b: { accountEmail: string }, email: string) =>
  (await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(email)}`))[0];

async function clientsIn(business: Awaited<ReturnType<typeof connectedBusiness>>, count: number, optedIn: boolean) {
  const made = [];
  for (let i = 0; i < count; i++)
    made.push(await createTestClient(db, business.business.id, { newsOptIn: optedIn, city: `City ${i}` }));
  return made;
}

describe("full sync", () => {
  it("puts every opted-in client with a usable email in the chosen list, and nobody else", async () => {
    const b = await connectedBusiness(env);
    const optedIn = await clientsIn(b, 12, true);
    const notIn = await clientsIn(b, 4, false);
    const noEmail = await createTestClient(db, b.business.id, { email: null, newsOptIn: true });
    const tooLong = await createTestClient(db, b.business.id, {
      email: `${"l".repeat(45)}@example.test`,
      newsOptIn: true,
    });
    const invalid = await createTestClient(db, b.business.id, { email: "no-at-sign.example.test", newsOptIn: true });

    await control(env.sandbox.url, "/calls/reset", {});
    const result = await sync(b.business.id, "LIST_SAVED");
    expect(result).toHaveProperty("runId");
    const pushCalls = await apiCallsCounted();

    const inList = await ccContacts(env, b.accountEmail, "&list=Newsletter");
    expect(inList.map((c) => c.email).sort()).toEqual(optedIn.map((c) => c.emailNormalized).sort());
    const sample = inList.find((c) => c.email === optedIn[3]!.emailNormalized)!;
    expect(sample).toMatchObject({
      first_name: optedIn[3]!.firstName,
      last_name: optedIn[3]!.lastName,
      city: "City 3",
      permission_to_send: "implicit",
    });
    // Nobody else reached Constant Contact at all: not the clients without consent, not the unsendable emails.
    expect((await ccContacts(env, b.accountEmail, "&status=all")).map((c) => c.email).sort()).toEqual(
      optedIn.map((c) => c.emailNormalized).sort(),
    );

    const run = await lastRun(b.business.id);
    // failed: the two unsendable emails, and nothing Constant Contact refused (no row of ours was bad).
    expect(run).toMatchObject({
      kind: "FULL",
      status: "PARTIAL",
      sent: 12,
      added: 12,
      updated: 0,
      failed: 2,
      skipped: 5,
    });
    // Every call of the run, as Constant Contact counted them: one import and its activity checks.
    expect(pushCalls).toBeGreaterThanOrEqual(2);
    expect(run.apiCalls).toBe(pushCalls);
    expect(await pendingCount(b.business.id)).toBe(0);
    const states = await db.clientSyncState.findMany({ where: { businessId: b.business.id } });
    const status = (id: string) => states.find((s) => s.clientId === id)?.status;
    expect(optedIn.every((c) => status(c.id) === "SYNCED")).toBe(true);
    expect(notIn.every((c) => status(c.id) === "NOT_OPTED_IN")).toBe(true);
    expect(status(noEmail.id)).toBe("NO_EMAIL");
    expect(states.find((s) => s.clientId === tooLong.id)).toMatchObject({
      status: "FAILED",
      lastError: expect.stringContaining("at most 50"),
    });
    expect(states.find((s) => s.clientId === invalid.id)).toMatchObject({
      status: "FAILED",
      lastError: "Email address is not valid for Constant Contact.",
    });
  });

  it("never touches a contact's other lists", async () => {
    const b = await connectedBusiness(env);
    const [client] = await clientsIn(b, 1, true);
    // The contact already exists in Constant Contact, on another list.
    await contactOnOtherList(b, client!.emailNormalized!);

    await sync(b.business.id, "LIST_SAVED");
    const [contact] = await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(client!.emailNormalized!)}`);
    expect(contact!.lists.sort()).toEqual(["Newsletter", "Other"]);
    expect(contact!.first_name).toBe(client!.firstName);
  });

  it("leaves a contact's other lists alone when the client opts out or changes email", async () => {
    const b = await connectedBusiness(env);
    const [optOut, mover] = await clientsIn(b, 2, true);
    for (const c of [optOut!, mover!]) await contactOnOtherList(b, c.emailNormalized!);
    await sync(b.business.id, "LIST_SAVED");
    for (const c of [optOut!, mover!])
      expect((await contactByEmail(b, c.emailNormalized!))!.lists.sort()).toEqual(["Newsletter", "Other"]);

    await changeConsentByStaff(ctxOf(b as never), { clientId: optOut!.id, optIn: false });
    const newEmail = `moved-${mover!.id.slice(0, 8)}@example.test`;
    await updateClientProfile(ctxOf(b as never), {
      clientId: mover!.id,
      firstName: mover!.firstName,
      lastName: mover!.lastName,
      email: newEmail,
      city: mover!.city,
      clientTypeId: null,
      groupIds: [],
    } as never);
    await sync(b.business.id);

    // Out of our list only: still on "Other", still a contact, still mailable from it.
    expect(await contactByEmail(b, optOut!.emailNormalized!)).toMatchObject({
      lists: ["Other"],
      deleted: false,
      permission_to_send: "implicit",
    });
    expect(await contactByEmail(b, mover!.emailNormalized!)).toMatchObject({
      lists: ["Other"],
      deleted: false,
      permission_to_send: "implicit",
    });
    expect(await contactByEmail(b, newEmail)).toMatchObject({ lists: ["Newsletter"] });
    expect((await control(env.sandbox.url, `/accounts/${encodeURIComponent(b.accountEmail)}/lists`)).lists).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Other", membership_count: 2 }),
        expect.objectContaining({ name: "Newsletter", membership_count: 1 }),
      ]),
    );
  });
});

describe("changes", () => {
  it("sends only what changed, and an opt-out leaves our list without deleting or unsubscribing anyone", async () => {
    const b = await connectedBusiness(env);
    const [editMe, optOut, untouched] = await clientsIn(b, 3, true);
    await sync(b.business.id, "LIST_SAVED");

    await updateClientProfile(ctxOf(b as never), {
      clientId: editMe!.id,
      firstName: editMe!.firstName,
      lastName: editMe!.lastName,
      email: editMe!.email!,
      city: "Boulder",
      clientTypeId: null,
      groupIds: [],
    } as never);
    await changeConsentByStaff(ctxOf(b as never), { clientId: optOut!.id, optIn: false });
    await control(env.sandbox.url, "/calls/reset", {});
    await sync(b.business.id);

    const run = await lastRun(b.business.id, "DELTA");
    expect(run).toMatchObject({ status: "SUCCEEDED", considered: 2, sent: 1, added: 0, updated: 1, removed: 1 });
    const counted = await calls();
    expect(counted["POST /v3/activities/contacts_json_import"]).toBe(1);
    expect(counted["POST /v3/activities/remove_list_memberships"]).toBe(1);

    const all = await ccContacts(env, b.accountEmail, "&status=all");
    const byEmail = (email: string | null) => all.find((c) => c.email === email);
    expect(byEmail(editMe!.emailNormalized)).toMatchObject({ city: "Boulder", lists: ["Newsletter"] });
    // Removed from our list, but still a contact, still allowed to receive mail from other lists.
    expect(byEmail(optOut!.emailNormalized)).toMatchObject({
      lists: [],
      deleted: false,
      permission_to_send: "implicit",
    });
    expect(byEmail(untouched!.emailNormalized)!.lists).toEqual(["Newsletter"]);
    expect(await db.clientSyncState.findUnique({ where: stateKey(b, optOut!.id) })).toMatchObject({
      status: "NOT_OPTED_IN",
      syncedEmail: null,
    });

    // Nothing changed since: a further run sends nothing at all.
    await control(env.sandbox.url, "/calls/reset", {});
    expect(await sync(b.business.id)).toEqual({ skipped: "nothing to send" });
    expect((await calls())["POST /v3/activities/contacts_json_import"] ?? 0).toBe(0);
  });

  it("moves an email change: the old address leaves our list, the new one joins it, no duplicate in our list", async () => {
    const b = await connectedBusiness(env);
    const [client] = await clientsIn(b, 1, true);
    await sync(b.business.id, "LIST_SAVED");
    const newEmail = `moved-${client!.id.slice(0, 8)}@example.test`;
    await updateClientProfile(ctxOf(b as never), {
      clientId: client!.id,
      firstName: client!.firstName,
      lastName: client!.lastName,
      email: newEmail,
      city: client!.city,
      clientTypeId: null,
      groupIds: [],
    } as never);
    const moved = await sync(b.business.id);
    // The new address is new to the list (added), the old one left it (removed).
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: (moved as { runId: string }).runId } })).toMatchObject({
      added: 1,
      updated: 0,
      removed: 1,
    });

    const inList = await ccContacts(env, b.accountEmail, "&list=Newsletter");
    expect(inList.map((c) => c.email)).toEqual([newEmail]);
    const old = await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(client!.emailNormalized!)}`);
    expect(old[0]).toMatchObject({ lists: [], deleted: false });
  });

  it("keeps a client edited while its batch is in flight pending, and sends the newer data next time", async () => {
    const b = await connectedBusiness(env);
    const [client] = await clientsIn(b, 1, true);
    const { startPushRun } = await import("./push");
    const { checkBatch, sendNextBatch } = await import("./push-batch");
    const { ccClientForConnection } = await import("../integrations/constant-contact/client-for-connection");
    const { constantContactSession } = await import("../integrations/constant-contact/sync-adapter");
    const started = await startPushRun({ connectionId: b.connectionId, trigger: "LIST_SAVED" });
    if ("skipped" in started) throw new Error(started.skipped);
    const cc = ccClientForConnection(b.connectionId, { purpose: { kind: "PUSH", businessId: b.business.id } });
    const session = constantContactSession(cc);
    const sent = await sendNextBatch({ runId: started.runId, target: started.target, afterId: null }, session);
    // The edit lands while Constant Contact is processing the import.
    await updateClientProfile(ctxOf(b as never), {
      clientId: client!.id,
      firstName: client!.firstName,
      lastName: client!.lastName,
      email: client!.email!,
      city: "Later City",
      clientTypeId: null,
      groupIds: [],
    } as never);
    // Constant Contact finishes the import (asked through the API, as the app would).
    await expect
      .poll(async () => (await cc.getActivity(sent.batchId!)).state, { timeout: 10_000, interval: 20 })
      .toBe("completed");
    expect(await checkBatch({ runId: started.runId, target: started.target, batchId: sent.batchId! }, session)).toEqual(
      { done: true, percent: 100 },
    );
    expect(await isPending(client!.id)).toBe(true);

    await sync(b.business.id);
    const [contact] = await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(client!.emailNormalized!)}`);
    expect(contact!.city).toBe("Later City");
    expect(await isPending(client!.id)).toBe(false);
  });

  it("loses nothing and duplicates nothing when a run dies between the import and its bookkeeping", async () => {
    const b = await connectedBusiness(env);
    const clients = await clientsIn(b, 5, true);
    const { startPushRun } = await import("./push");
    const { sendNextBatch } = await import("./push-batch");
    const { constantContactAdapter } = await import("../integrations/constant-contact/sync-adapter");
    const started = await startPushRun({ connectionId: b.connectionId, trigger: "LIST_SAVED" });
    if ("skipped" in started) throw new Error(started.skipped);
    await sendNextBatch(
      { runId: started.runId, target: started.target, afterId: null },
      constantContactAdapter.session(b.connectionId, { purpose: { kind: "PUSH", businessId: b.business.id } }),
    );
    // ...the process dies here. The next run finds the clients still pending and sends them again.
    expect(await pendingCount(b.business.id)).toBe(5);
    await sync(b.business.id);
    const inList = await ccContacts(env, b.accountEmail, "&list=Newsletter");
    expect(inList.map((c) => c.email).sort()).toEqual(clients.map((c) => c.emailNormalized).sort());
    expect(await pendingCount(b.business.id)).toBe(0);
  });
});

describe("unsubscribes in Constant Contact", () => {
  it("are pulled back: the client is opted out with source Constant Contact, once, and never re-subscribed", async () => {
    const b = await connectedBusiness(env);
    const [leaver, stayer] = await clientsIn(b, 2, true);
    await sync(b.business.id, "LIST_SAVED");
    await control(env.sandbox.url, "/unsubscribe", {
      accountEmail: b.accountEmail,
      email: leaver!.emailNormalized!.toUpperCase(),
    });

    await control(env.sandbox.url, "/calls/reset", {});
    const pulledAt = Date.now();
    const first = await pull(b.connectionId);
    const pullCalls = await apiCallsCounted();
    expect(first).toMatchObject({ unsubscribed: 1 });
    const leaverNow = await db.client.findUniqueOrThrow({
      where: { id: leaver!.id },
      include: { consentEvents: { orderBy: { createdAt: "desc" }, take: 1 } },
    });
    expect(leaverNow).toMatchObject({ newsOptIn: false, unsubscribeSource: "CONSTANT_CONTACT" });
    expect(leaverNow.consentEvents[0]).toMatchObject({ fromOptIn: true, toOptIn: false, source: "CONSTANT_CONTACT" });
    expect(await db.client.findUniqueOrThrow({ where: { id: stayer!.id } })).toMatchObject({ newsOptIn: true });
    const connection = await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } });
    expect(connection.unsubscribeWatermark).not.toBeNull();
    const pullRun = await lastRun(b.business.id, "UNSUBSCRIBE_PULL");
    expect(pullRun).toMatchObject({ status: "SUCCEEDED", unsubscribesPulled: 1 });
    // What the pull cost, as Constant Contact counted it, is on the run and kept for the schedule (which reads
    // lastUnsubscribePullAt/Calls: due-unsubscribe-pulls.test.ts).
    expect(pullCalls).toBeGreaterThanOrEqual(1);
    expect(pullRun.apiCalls).toBe(pullCalls);
    expect(connection.lastUnsubscribePullCalls).toBe(pullCalls);
    expect(connection.lastUnsubscribePullAt!.getTime()).toBeGreaterThanOrEqual(pulledAt);

    // Pulling again (overlap window) changes nothing.
    expect(await pull(b.connectionId)).toMatchObject({ unsubscribed: 0 });
    expect(await db.consentEvent.count({ where: { clientId: leaver!.id, source: "CONSTANT_CONTACT" } })).toBe(1);

    // The push that follows does not touch the contact in Constant Contact.
    await control(env.sandbox.url, "/calls/reset", {});
    await sync(b.business.id);
    expect((await calls())["POST /v3/activities/remove_list_memberships"] ?? 0).toBe(0);
    expect(await db.clientSyncState.findUnique({ where: stateKey(b, leaver!.id) })).toMatchObject({
      status: "UNSUBSCRIBED_IN_PROVIDER",
    });

    // Even if staff opt the client in again, Constant Contact keeps them unsubscribed (import never re-subscribes).
    await changeConsentByStaff(ctxOf(b as never), { clientId: leaver!.id, optIn: true, method: "IN_PERSON" });
    const resent = await sync(b.business.id);
    const [contact] = await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(leaver!.emailNormalized!)}`);
    expect(contact!.permission_to_send).toBe("unsubscribed");
    expect(resent).toHaveProperty("runId");
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: (resent as { runId: string }).runId } });
    expect(run).toMatchObject({ sent: 1, skipped: 1 }); // counted by Constant Contact as cannot_add_to_list
  });
});

describe("failures", () => {
  it("retries through 503s and throttling, counting every call", async () => {
    const b = await connectedBusiness(env);
    await clientsIn(b, 3, true);
    await control(env.sandbox.url, "/faults", { kind: "503", count: 2, pathPrefix: "/v3/activities" });
    await control(env.sandbox.url, "/calls/reset", {});
    await sync(b.business.id, "LIST_SAVED");
    const run = await lastRun(b.business.id);
    expect(run).toMatchObject({ status: "SUCCEEDED", sent: 3 });
    // The failed attempts count too, exactly as Constant Contact saw them: two 503s, the import, its checks.
    const counted = await apiCallsCounted();
    expect(counted).toBeGreaterThanOrEqual(4);
    expect(run.apiCalls).toBe(counted);
    await control(env.sandbox.url, "/faults", undefined, "DELETE");
  });

  // quota_exceeded pauses every connection of the platform: quota-pause.test.ts (its own database).

  it("stops and asks for a reconnect when the grant is revoked; pending clients go out after reconnecting", async () => {
    const b = await connectedBusiness(env);
    const clients = await clientsIn(b, 2, true);
    await control(env.sandbox.url, "/revoke-grant", { accountEmail: b.accountEmail });
    const result = await sync(b.business.id, "LIST_SAVED");
    expect(result).toMatchObject({ stopped: expect.any(String) });
    expect(await lastRun(b.business.id)).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("reconnected"),
    });
    expect(await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).toMatchObject({
      status: "NEEDS_RECONNECT",
    });
    expect(await pendingCount(b.business.id)).toBe(2);
    expect(await ccContacts(env, b.accountEmail, "&status=all")).toEqual([]);

    // The owner reconnects: the clients that waited go out, and nothing is left pending.
    await reconnect(env, b);
    expect(await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } })).toMatchObject({
      status: "ACTIVE",
      listId: b.listId,
    });
    expect(await sync(b.business.id, "RECONNECTED")).toHaveProperty("runId");
    expect((await ccContacts(env, b.accountEmail, "&list=Newsletter")).map((c) => c.email).sort()).toEqual(
      clients.map((c) => c.emailNormalized).sort(),
    );
    expect(await pendingCount(b.business.id)).toBe(0);
  });
});

describe("a family (clients sharing an email)", () => {
  it("is one contact in Constant Contact: opted in while anyone is, named after the most recently updated opted-in member", async () => {
    const b = await connectedBusiness(env);
    const shared = `family-${b.business.id.slice(0, 8)}@example.test`;
    const parent = await createTestClient(db, b.business.id, {
      email: shared,
      firstName: "Parent",
      city: "Old Town",
      newsOptIn: true,
      updatedAt: new Date("2026-01-01T00:00:00Z"),
    });
    const child = await createTestClient(db, b.business.id, {
      email: shared.toUpperCase(),
      firstName: "Child",
      city: "New Town",
      newsOptIn: true,
      updatedAt: new Date("2026-02-01T00:00:00Z"),
    });
    const partner = await createTestClient(db, b.business.id, {
      email: ` ${shared} `,
      firstName: "Partner",
      newsOptIn: false,
    });
    await sync(b.business.id, "LIST_SAVED");

    const contacts = await ccContacts(env, b.accountEmail, "&status=all");
    expect(contacts.map((c) => c.email)).toEqual([shared]);
    expect(contacts[0]).toMatchObject({ first_name: "Child", city: "New Town", lists: ["Newsletter"] });
    const status = async (id: string) =>
      (await db.clientSyncState.findUniqueOrThrow({ where: stateKey(b, id) })).status;
    expect([await status(parent.id), await status(child.id), await status(partner.id)]).toEqual([
      "SYNCED",
      "SYNCED",
      "NOT_OPTED_IN",
    ]);
    expect(await lastRun(b.business.id)).toMatchObject({ sent: 1 });

    // The freshest member opts out: the parent still wants the mail, so the contact stays, now with the parent's data.
    await changeConsentByStaff(ctxOf(b as never), { clientId: child.id, optIn: false });
    await sync(b.business.id);
    expect(await contactByEmail(b, shared)).toMatchObject({
      first_name: "Parent",
      city: "Old Town",
      lists: ["Newsletter"],
    });
    // The last one opts out: the address leaves our list (and stays a contact).
    await changeConsentByStaff(ctxOf(b as never), { clientId: parent.id, optIn: false });
    await sync(b.business.id);
    expect(await lastRun(b.business.id)).toMatchObject({ sent: 0, removed: 1 });
    // remove_list_memberships is an activity Constant Contact carries out shortly after accepting it.
    await expect
      .poll(async () => (await contactByEmail(b, shared))!.lists, { timeout: 5_000, interval: 20 })
      .toEqual([]);
    expect(await contactByEmail(b, shared)).toMatchObject({ deleted: false });
    expect(await pendingCount(b.business.id)).toBe(0);
  });
});

describe("never re-subscribes", () => {
  it("a client unsubscribed in Constant Contact who opts in again here goes by import only, and stays unsubscribed there", async () => {
    const b = await connectedBusiness(env);
    const [returning] = await clientsIn(b, 1, true);
    await sync(b.business.id, "LIST_SAVED");
    await control(env.sandbox.url, "/unsubscribe", { accountEmail: b.accountEmail, email: returning!.emailNormalized });
    await pull(b.connectionId);
    expect(await db.client.findUniqueOrThrow({ where: { id: returning!.id } })).toMatchObject({
      newsOptIn: false,
      unsubscribeSource: "CONSTANT_CONTACT",
    });
    const listsWhenUnsubscribed = (await contactByEmail(b, returning!.emailNormalized!))!.lists;

    // At the front desk the client opts in again and gives a new first name.
    await changeConsentByStaff(ctxOf(b as never), { clientId: returning!.id, optIn: true, method: "IN_PERSON" });
    await updateClientProfile(ctxOf(b as never), {
      clientId: returning!.id,
      firstName: "Returning",
      lastName: returning!.lastName,
      email: returning!.email,
      city: returning!.city,
      clientTypeId: null,
      groupIds: [],
    } as never);
    await control(env.sandbox.url, "/calls/reset", {});
    const resent = await sync(b.business.id);

    // What Constant Contact received: one import of this one contact into our list, and no other write at all (no
    // sign_up_form, no membership added, no contact updated).
    const counted = await calls();
    expect(Object.keys(counted).filter((endpoint) => !endpoint.startsWith("GET "))).toEqual([
      "POST /v3/activities/contacts_json_import",
    ]);
    expect(counted["POST /v3/activities/contacts_json_import"]).toBe(1);
    expect(counted[SIGN_UP_FORM] ?? 0).toBe(0);
    const accountId = env.sandbox.state.storeByEmail(b.accountEmail)!.account.accountId;
    const lastImport = [...env.sandbox.state.activities.values()]
      .filter((a) => a.accountId === accountId && a.kind === "contacts_json_import")
      .sort((x, y) => x.createdAt - y.createdAt)
      .at(-1)!;
    expect(lastImport).toMatchObject({ itemsTotal: 1, listIds: [b.listId] });
    expect(lastImport.result).toMatchObject({ personCount: 1, cannotAddToListCount: 1 });
    // The import updated the contact's name but neither re-subscribed it nor changed its lists.
    expect(await contactByEmail(b, returning!.emailNormalized!)).toMatchObject({
      first_name: "Returning",
      permission_to_send: "unsubscribed",
      lists: listsWhenUnsubscribed,
    });
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: (resent as { runId: string }).runId } });
    expect(run).toMatchObject({ sent: 1, skipped: 1 });
  });

  it("no background path calls sign_up_form: push, opt-out, email change, unsubscribe pull, reconcile, re-opt-in", async () => {
    const b = await connectedBusiness(env);
    const [leaver, optOut, mover] = await clientsIn(b, 3, true);
    await control(env.sandbox.url, "/calls/reset", {});
    await sync(b.business.id, "LIST_SAVED");
    await changeConsentByStaff(ctxOf(b as never), { clientId: optOut!.id, optIn: false });
    await updateClientProfile(ctxOf(b as never), {
      clientId: mover!.id,
      firstName: mover!.firstName,
      lastName: mover!.lastName,
      email: `moved-${mover!.id.slice(0, 8)}@example.test`,
      city: mover!.city,
      clientTypeId: null,
      groupIds: [],
    } as never);
    await sync(b.business.id);
    await control(env.sandbox.url, "/unsubscribe", { accountEmail: b.accountEmail, email: leaver!.emailNormalized });
    await pull(b.connectionId);
    const { reconcileBusiness } = await import("./reconcile");
    await reconcileBusiness(b.business.id);
    await changeConsentByStaff(ctxOf(b as never), { clientId: leaver!.id, optIn: true, method: "IN_PERSON" });
    await sync(b.business.id);

    const counted = await calls();
    // The counter saw every path (so a sign_up_form call would have been counted too)...
    expect(counted["POST /v3/activities/contacts_json_import"]).toBeGreaterThanOrEqual(3);
    expect(counted["POST /v3/activities/remove_list_memberships"]).toBeGreaterThanOrEqual(1);
    expect(counted["GET /v3/contacts"]).toBeGreaterThanOrEqual(1);
    expect(counted["GET /v3/account/summary"]).toBeGreaterThanOrEqual(1);
    // ...and sign_up_form, which asserts fresh consent, was never used.
    expect(counted[SIGN_UP_FORM] ?? 0).toBe(0);
    expect(await contactByEmail(b, leaver!.emailNormalized!)).toMatchObject({ permission_to_send: "unsubscribed" });
  });
});
