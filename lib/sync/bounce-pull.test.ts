import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClients } from "../clients/list-clients";
import { updateClientProfile } from "../clients/update-client-profile";
import { db } from "../db";
import { pullHandler } from "./pull";
import { clientSyncView } from "./status/client-sync";
import { syncStatus } from "./status/sync-status";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { failWrites } from "@/tests/support/db-fault";
import { inlineStep } from "@/tests/support/inline-step";
import { runPush } from "@/tests/support/run-push";
import { startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";

// The Constant Contact bounce pull against the sandbox (real HTTP, real Postgres): campaigns sent to our list, their
// bounce reports page by page, only our list's contacts that are clients, the watermark, a crash before the commit,
// and every call counted as the sandbox counted it.
let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

type Business = Awaited<ReturnType<typeof connectedBusiness>>;

const pull = (connectionId: string) =>
  pullHandler({ event: { data: { connectionId, trigger: "MANUAL" } }, step: inlineStep });
const calls = async () => (await control(env.sandbox.url, "/calls")).calls as Record<string, number>;
const bounceCalls = (log: Record<string, number>) => ({
  campaigns: log["GET /v3/emails"] ?? 0,
  campaign: log["GET /v3/emails/{campaign_id}"] ?? 0,
  reports: log["GET /v3/reports/email_reports/{campaign_activity_id}/tracking/bounces"] ?? 0,
});
const bounceRows = (connectionId: string) =>
  db.emailBounce.findMany({ where: { connectionId }, orderBy: { email: "asc" } });
const connectionOf = (b: Business) => db.connection.findUniqueOrThrow({ where: { id: b.connectionId } });

/** `count` opted-in clients, pushed into the chosen list by the real sync; their emails. */
async function clientsInOurList(b: Business, count: number, prefix = `c-${randomUUID().slice(0, 8)}-`) {
  const emails = Array.from({ length: count }, (_, i) => `${prefix}${i + 1}@example.test`);
  await db.client.createMany({
    data: emails.map((email, i) => ({
      businessId: b.business.id,
      firstName: "Bounce",
      lastName: `Client ${i}`,
      email,
      emailNormalized: email,
      newsOptIn: true,
      consentAt: new Date(),
      consentMethod: "IN_PERSON" as const,
    })),
  });
  await runPush(b.business.id, "LIST_SAVED");
  return emails;
}

/** The owner sends a campaign from Constant Contact to `list`, and `bounces` of it bounce. */
function sendCampaign(b: Business, list: string, bounces: { email: string; code: string }[], name?: string) {
  return control(env.sandbox.url, "/campaigns", {
    accountEmail: b.accountEmail,
    list,
    name: name ?? `Campaign ${randomUUID().slice(0, 8)}`,
    bounces,
  });
}

describe("the Constant Contact bounce pull", { timeout: 120_000 }, () => {
  it("reads every page of a campaign's bounces and records only our list's contacts that are clients", async () => {
    const b = await connectedBusiness(env);
    const ours = await clientsInOurList(b, 1_150);
    // In our list in Constant Contact but no client of the business (added there by hand).
    const strangers = `s-${randomUUID().slice(0, 8)}-`;
    await control(env.sandbox.url, "/seed", {
      accountEmail: b.accountEmail,
      contacts: { count: 60, listName: "Newsletter", emailPrefix: strangers, emailDomain: "example.test" },
    });
    // Clients of the business who never consented: Constant Contact has them in another list only.
    const other = `o-${randomUUID().slice(0, 8)}-`;
    await control(env.sandbox.url, "/seed", {
      accountEmail: b.accountEmail,
      contacts: { count: 20, listName: "Other", emailPrefix: other, emailDomain: "example.test" },
    });
    await db.client.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        businessId: b.business.id,
        firstName: "Other",
        lastName: `List ${i}`,
        email: `${other}${i + 1}@example.test`,
        emailNormalized: `${other}${i + 1}@example.test`,
        newsOptIn: false,
      })),
    });

    // 1,100 of ours and the 60 strangers bounce: three pages of 500. The other list's campaign bounces all 20.
    await sendCampaign(b, "Newsletter", [
      ...ours.slice(0, 1_100).map((email) => ({ email, code: "B" })),
      ...Array.from({ length: 60 }, (_, i) => ({ email: `${strangers}${i + 1}@example.test`, code: "B" })),
    ]);
    await sendCampaign(
      b,
      "Other",
      Array.from({ length: 20 }, (_, i) => ({ email: `${other}${i + 1}@example.test`, code: "D" })),
    );

    await control(env.sandbox.url, "/calls/reset", {});
    const ledgerBefore = await ledgerCalls(b.business.id);
    expect(await pull(b.connectionId)).toMatchObject({ bouncesSeen: 1_180, bouncesRecorded: 1_100 });
    const log = await calls();
    // One list of campaigns, each campaign's activities, and the reports: 3 pages, then 1 for the other list's.
    expect(bounceCalls(log)).toEqual({ campaigns: 1, campaign: 2, reports: 4 });
    const rows = await bounceRows(b.connectionId);
    expect(rows).toHaveLength(1_100);
    expect(new Set(rows.map((r) => r.email))).toEqual(new Set(ours.slice(0, 1_100)));
    expect(rows[0]).toMatchObject({ businessId: b.business.id, kind: "NON_EXISTENT", code: "B" });

    // The budget: every call passed the limiter into the ledger and the run, exactly as many as the sandbox saw.
    const sandboxTotal = Object.values(log).reduce((sum, n) => sum + n, 0);
    const run = await db.syncRun.findFirstOrThrow({
      where: { connectionId: b.connectionId, kind: "UNSUBSCRIBE_PULL" },
      orderBy: { startedAt: "desc" },
    });
    expect(run).toMatchObject({ status: "SUCCEEDED", apiCalls: sandboxTotal });
    expect((await ledgerCalls(b.business.id)) - ledgerBefore).toBe(sandboxTotal);
    expect((await connectionOf(b)).lastUnsubscribePullCalls).toBe(sandboxTotal);

    const status = await syncStatus(b.ownerCtx, "CONSTANT_CONTACT");
    expect(status.counts.bouncing).toBe(1_100);
    expect(status.bouncesCheckedAt).toBe((await connectionOf(b)).lastBouncePullAt!.toISOString());
  });

  it("moves its watermark past what it read: the next pull reads nothing again, a later campaign is read", async () => {
    const b = await connectedBusiness(env);
    const [ana, ben, cy, dee, eve, fay, gus] = await clientsInOurList(b, 7);
    const first = `Spring ${randomUUID().slice(0, 6)}`;
    await sendCampaign(
      b,
      "Newsletter",
      [
        { email: ana!, code: "B" },
        { email: ben!, code: "D" },
        { email: cy!, code: "F" },
        { email: dee!, code: "Z" },
        { email: eve!, code: "V" },
        { email: fay!, code: "S" },
        { email: gus!, code: "X" },
      ],
      first,
    );
    expect(await pull(b.connectionId)).toMatchObject({ bouncesRecorded: 7 });
    const kinds = Object.fromEntries((await bounceRows(b.connectionId)).map((r) => [r.email, r.kind]));
    expect(kinds).toEqual({
      [ana!]: "NON_EXISTENT",
      [ben!]: "UNDELIVERABLE",
      [cy!]: "MAILBOX_FULL",
      [dee!]: "BLOCKED",
      [eve!]: "AUTO_REPLY",
      [fay!]: "NON_EXISTENT",
      [gus!]: "OTHER",
    });
    const afterFirst = await connectionOf(b);
    expect(afterFirst.bounceWatermark).not.toBeNull();
    expect(afterFirst.lastBouncePullAt).not.toBeNull();

    await control(env.sandbox.url, "/calls/reset", {});
    expect(await pull(b.connectionId)).toMatchObject({ bouncesSeen: 0, bouncesRecorded: 0 });
    expect(bounceCalls(await calls())).toEqual({ campaigns: 1, campaign: 0, reports: 0 });
    const afterSecond = await connectionOf(b);
    expect(afterSecond.bounceWatermark).toEqual(afterFirst.bounceWatermark);
    expect(afterSecond.lastBouncePullAt!.getTime()).toBeGreaterThan(afterFirst.lastBouncePullAt!.getTime());

    // A later campaign where Ana bounces again (mailbox full now): only it is read, and its bounce is the one shown.
    const second = `Summer ${randomUUID().slice(0, 6)}`;
    await sendCampaign(b, "Newsletter", [{ email: ana!, code: "F" }], second);
    await control(env.sandbox.url, "/calls/reset", {});
    expect(await pull(b.connectionId)).toMatchObject({ bouncesSeen: 1, bouncesRecorded: 1 });
    expect(bounceCalls(await calls())).toEqual({ campaigns: 1, campaign: 1, reports: 1 });
    expect(
      await db.emailBounce.findUniqueOrThrow({
        where: { connectionId_email: { connectionId: b.connectionId, email: ana! } },
      }),
    ).toMatchObject({ kind: "MAILBOX_FULL", code: "F", campaignName: second });

    // The front desk sees it on Ana's profile and in the list's filter, until her email is edited.
    const client = await db.client.findFirstOrThrow({ where: { businessId: b.business.id, emailNormalized: ana! } });
    const bounceOf = async () =>
      (await clientSyncView(b.ownerCtx, client.id)).find((v) => v.provider === "CONSTANT_CONTACT")?.bounce;
    expect(await bounceOf()).toMatchObject({ kind: "MAILBOX_FULL", campaignName: second });
    const bouncing = async () =>
      (await listClients(b.ownerCtx, { sync: "bouncing", via: "constant-contact" })).clients.map((c) => c.email);
    expect(await bouncing()).toContain(ana!);
    await updateClientProfile(
      { businessId: b.business.id, actor: b.ownerCtx.actor } as never,
      {
        clientId: client.id,
        firstName: client.firstName,
        lastName: client.lastName,
        email: `new-${ana!}`,
        city: "",
        clientTypeId: "",
        groupIds: [],
      } as never,
    );
    expect(await bounceOf()).toBeNull();
    expect(await bouncing()).not.toContain(ana!);
    expect(await bouncing()).toContain(ben!);
  });

  it("reads bounces on a scheduled pull at most every six hours, and always on Sync now", async () => {
    const b = await connectedBusiness(env);
    const [ana, ben, cy] = await clientsInOurList(b, 3);
    const scheduled = () =>
      pullHandler({ event: { data: { connectionId: b.connectionId, trigger: "SCHEDULE" } }, step: inlineStep });
    /** Makes the next scheduled pull due, the last bounce pull `hoursAgo` hours back. */
    const lastBouncePullHoursAgo = (hoursAgo: number) =>
      db.connection.update({
        where: { id: b.connectionId },
        data: {
          lastUnsubscribePullAt: new Date(Date.now() - 3 * 24 * 3_600_000),
          lastBouncePullAt: new Date(Date.now() - hoursAgo * 3_600_000),
        },
      });
    await sendCampaign(b, "Newsletter", [{ email: ana!, code: "B" }]);
    expect(await scheduled()).toMatchObject({ bouncesRecorded: 1 });

    await sendCampaign(b, "Newsletter", [{ email: ben!, code: "B" }]);
    await lastBouncePullHoursAgo(5.9);
    await control(env.sandbox.url, "/calls/reset", {});
    expect(await scheduled()).not.toHaveProperty("bouncesRecorded");
    expect(bounceCalls(await calls())).toEqual({ campaigns: 0, campaign: 0, reports: 0 });
    expect((await bounceRows(b.connectionId)).map((r) => r.email)).toEqual([ana]);

    await lastBouncePullHoursAgo(6.1);
    expect(await scheduled()).toMatchObject({ bouncesRecorded: 1 });

    await sendCampaign(b, "Newsletter", [{ email: cy!, code: "B" }]);
    await control(env.sandbox.url, "/calls/reset", {});
    expect(await pull(b.connectionId)).toMatchObject({ bouncesRecorded: 1 });
    expect(bounceCalls(await calls()).campaigns).toBe(1);
  });

  it("records nothing and keeps its watermark when the commit fails; the next pull records each bounce once", async () => {
    const b = await connectedBusiness(env);
    const emails = await clientsInOurList(b, 520);
    await sendCampaign(
      b,
      "Newsletter",
      emails.map((email) => ({ email, code: "B" })),
    );
    // The crash: both pages are read, then Postgres refuses the bounces' insert, so the commit rolls back.
    const fault = await failWrites({
      table: "EmailBounce",
      on: "INSERT",
      when: `NEW."connectionId" = '${b.connectionId}'::uuid`,
    });
    try {
      await expect(pull(b.connectionId)).rejects.toThrow(/injected fault/);
    } finally {
      await fault.remove();
    }
    expect(await connectionOf(b)).toMatchObject({ bounceWatermark: null, lastBouncePullAt: null });
    expect(await bounceRows(b.connectionId)).toHaveLength(0);

    expect(await pull(b.connectionId)).toMatchObject({ bouncesSeen: 520, bouncesRecorded: 520 });
    expect(await bounceRows(b.connectionId)).toHaveLength(520);
    // Read again from scratch (as after a crash past the commit but before anything else): nothing twice.
    await db.connection.update({ where: { id: b.connectionId }, data: { bounceWatermark: null } });
    expect(await pull(b.connectionId)).toMatchObject({ bouncesSeen: 520, bouncesRecorded: 0 });
    expect(await bounceRows(b.connectionId)).toHaveLength(520);
  });

  it("leaves a connection made without the campaign scope alone (no calls it would be refused)", async () => {
    const b = await connectedBusiness(env);
    const [ana] = await clientsInOurList(b, 1);
    await sendCampaign(b, "Newsletter", [{ email: ana!, code: "B" }]);
    await db.connection.update({
      where: { id: b.connectionId },
      data: { scopes: "contact_data offline_access account_read" },
    });
    await control(env.sandbox.url, "/calls/reset", {});
    const result = await pull(b.connectionId);
    expect(result).not.toHaveProperty("bouncesSeen");
    expect(bounceCalls(await calls())).toEqual({ campaigns: 0, campaign: 0, reports: 0 });
    expect((await connectionOf(b)).lastBouncePullAt).toBeNull();
  });

  it("skips bounces when Constant Contact refuses the campaigns (403), and the pull still succeeds", async () => {
    const b = await connectedBusiness(env);
    const [ana] = await clientsInOurList(b, 1);
    await sendCampaign(b, "Newsletter", [{ email: ana!, code: "B" }]);
    // The account's user lost the campaign privilege after connecting: the grant no longer covers campaign_data.
    const accountId = env.sandbox.state.storeByEmail(b.accountEmail)!.account.accountId;
    for (const grant of env.sandbox.state.grants.values())
      if (grant.accountId === accountId) grant.scopes = grant.scopes.filter((s) => s !== "campaign_data");
    await control(env.sandbox.url, "/calls/reset", {});
    const result = await pull(b.connectionId);
    expect(result).not.toHaveProperty("bouncesSeen");
    expect(bounceCalls(await calls())).toEqual({ campaigns: 1, campaign: 0, reports: 0 });
    const run = await db.syncRun.findFirstOrThrow({
      where: { connectionId: b.connectionId, kind: "UNSUBSCRIBE_PULL" },
      orderBy: { startedAt: "desc" },
    });
    expect(run).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect(await connectionOf(b)).toMatchObject({ lastBouncePullAt: null, bounceWatermark: null });
    expect(await bounceRows(b.connectionId)).toHaveLength(0);
  });
});

async function ledgerCalls(businessId: string): Promise<number> {
  const sum = await db.apiCallLedger.aggregate({
    where: { businessId, provider: "CONSTANT_CONTACT" },
    _sum: { calls: true },
  });
  return sum._sum.calls ?? 0;
}
