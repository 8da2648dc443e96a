// Segments in Constant Contact: client type and groups sent as custom fields through the usual import,
// end to end against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../errors";
import { deleteClientOption } from "../clients/delete-client-option";
import { renameClientOption } from "../clients/rename-client-option";
import { updateClientProfile } from "../clients/update-client-profile";
import { chooseSegmentFields } from "../integrations/constant-contact/connection";
import { db } from "../db";
import { runPush } from "@/tests/support/run-push";
import { createTestClient } from "../../prisma/seed/factories";
import { control } from "@/tests/support/cc-sandbox";
import { connectedBusiness } from "@/tests/support/connected-business";
import { inlineStep } from "@/tests/support/inline-step";
import { ccContacts, startSyncSandbox, type SyncSandbox } from "@/tests/support/sync-sandbox";
import { isPending } from "@/tests/support/client-fixtures";

let env: SyncSandbox;
beforeAll(async () => {
  env = await startSyncSandbox();
});
afterAll(() => env.sandbox.close());

type Connected = Awaited<ReturnType<typeof connectedBusiness>>;
const sync = (businessId: string) => runPush(businessId, "CLIENT_CHANGE", inlineStep);
const contactOf = async (b: Connected, email: string) =>
  (await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(email)}`))[0]!;
const callsTo = async (endpoint: string) =>
  ((await control(env.sandbox.url, "/calls")).calls as Record<string, number>)[endpoint] ?? 0;
const IMPORT = "POST /v3/activities/contacts_json_import";

/** A synced business with types Member/Drop-in, groups Seniors/Yoga, and clients in them (one not opted in). */
async function studio() {
  const b = await connectedBusiness(env);
  const businessId = b.business.id;
  const member = await db.clientType.create({ data: { businessId, name: "Member" } });
  const seniors = await db.clientGroup.create({ data: { businessId, name: "Seniors" } });
  const yoga = await db.clientGroup.create({ data: { businessId, name: "Yoga" } });
  const ann = await createTestClient(db, businessId, { newsOptIn: true });
  const bob = await createTestClient(db, businessId, { newsOptIn: true });
  const quiet = await createTestClient(db, businessId, { newsOptIn: false });
  await db.client.update({ where: { id: ann.id }, data: { clientTypeId: member.id } });
  await db.clientGroupMember.createMany({
    data: [
      { clientId: ann.id, groupId: seniors.id },
      { clientId: ann.id, groupId: yoga.id },
      { clientId: quiet.id, groupId: seniors.id },
    ],
  });
  await sync(businessId);
  return { b, businessId, member, seniors, yoga, ann, bob, quiet };
}

const stateOf = (b: { connectionId: string }, clientId: string) =>
  db.clientSyncState.findUniqueOrThrow({
    where: { connectionId_clientId: { connectionId: b.connectionId, clientId } },
  });

const profileInput = (c: {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  city: string | null;
}) => ({
  clientId: c.id,
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  city: c.city,
});

describe("segment custom fields", () => {
  it("are off by default: nothing but name, email and city is sent, and no custom field is created", async () => {
    const { b, ann } = await studio();
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields).toEqual({});
    const fields = await control(env.sandbox.url, `/accounts/${encodeURIComponent(b.accountEmail)}/custom-fields`);
    expect(fields.custom_fields).toEqual([]);
  });

  it("turned on, sends type and groups for every synced contact in one import pass; who is synced does not change", async () => {
    const { b, businessId, ann, bob, quiet } = await studio();
    await control(env.sandbox.url, "/contact-extras", {
      accountEmail: b.accountEmail,
      email: ann.emailNormalized,
      customFields: { "Favourite class": "Pilates" },
      tags: ["VIP"],
    });
    await control(env.sandbox.url, "/calls/reset", {});
    const result = await chooseSegmentFields(b.ownerCtx, { clientType: true, groups: true });
    expect(result).toEqual({ changed: true, marked: 4 }); // 2 opted-in clients, once per field
    await sync(businessId);

    expect(await callsTo(IMPORT)).toBe(1);
    expect(await callsTo("GET /v3/contact_custom_fields")).toBe(1);
    expect(await callsTo("POST /v3/contact_custom_fields")).toBe(2);
    const annInCc = await contactOf(b, ann.emailNormalized!);
    expect(annInCc.custom_fields).toEqual({
      Client_type: "Member",
      Client_groups: "Seniors, Yoga",
      Favourite_class: "Pilates",
    });
    expect(annInCc.tags).toEqual(["VIP"]);
    expect((await contactOf(b, bob.emailNormalized!)).custom_fields).toEqual({});
    expect(await ccContacts(env, b.accountEmail, `&email=${encodeURIComponent(quiet.emailNormalized!)}`)).toEqual([]);
    const state = await stateOf(b, ann.id);
    expect(state).toMatchObject({ syncedClientType: "Member", syncedGroups: "Seniors, Yoga", segmentNote: null });
  });

  it("re-sends a client whose groups change, renames and clears with the group, and only re-sends who is affected", async () => {
    const { b, businessId, seniors, ann, bob } = await studio();
    await chooseSegmentFields(b.ownerCtx, { clientType: false, groups: true });
    await sync(businessId);

    // Bob joins Seniors: one client re-sent.
    const changed = await updateClientProfile(
      { businessId, actor: b.ownerCtx.actor },
      { ...profileInput(bob), clientTypeId: null, groupIds: [seniors.id] },
    );
    expect(changed.syncedFieldsChanged).toEqual(["groupIds"]);
    await control(env.sandbox.url, "/calls/reset", {});
    await sync(businessId);
    expect((await contactOf(b, bob.emailNormalized!)).custom_fields).toEqual({ Client_groups: "Seniors" });
    const activities = await control<{ activities: { items_total_count: number }[] }>(
      env.sandbox.url,
      `/accounts/${encodeURIComponent(b.accountEmail)}/activities`,
    );
    expect(activities.activities.at(-1)!.items_total_count).toBe(1);
    expect(await callsTo(IMPORT)).toBe(1);

    // Renaming Seniors renames it on both contacts; Yoga stays.
    await renameClientOption(
      { businessId, actor: b.ownerCtx.actor },
      { kind: "group", id: seniors.id, name: "Golden" },
    );
    await sync(businessId);
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields).toEqual({ Client_groups: "Golden, Yoga" });
    expect((await contactOf(b, bob.emailNormalized!)).custom_fields).toEqual({ Client_groups: "Golden" });

    // Deleting Golden clears it; Bob is left with no group, so his value is cleared, not orphaned.
    await deleteClientOption({ businessId, actor: b.ownerCtx.actor }, { kind: "group", id: seniors.id });
    await sync(businessId);
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields).toEqual({ Client_groups: "Yoga" });
    expect((await contactOf(b, bob.emailNormalized!)).custom_fields).toEqual({});
    expect((await stateOf(b, bob.id)).syncedGroups).toBeNull();

    // A type change is not re-sent while the type is not chosen.
    const member = await db.clientType.create({ data: { businessId, name: "Drop-in" } });
    const typeOnly = await updateClientProfile(
      { businessId, actor: b.ownerCtx.actor },
      { ...profileInput(bob), clientTypeId: member.id, groupIds: [] },
    );
    expect(typeOnly.syncedFieldsChanged).toEqual([]);
    expect(await isPending(bob.id)).toBe(false);
  });

  it("turned off, clears our value and leaves the contact's other custom fields and tags alone", async () => {
    const { b, businessId, ann } = await studio();
    await chooseSegmentFields(b.ownerCtx, { clientType: true, groups: true });
    await sync(businessId);
    await control(env.sandbox.url, "/contact-extras", {
      accountEmail: b.accountEmail,
      email: ann.emailNormalized,
      customFields: { "Favourite class": "Pilates" },
      tags: ["VIP"],
    });
    await chooseSegmentFields(b.ownerCtx, { clientType: true, groups: false });
    await sync(businessId);
    const annInCc = await contactOf(b, ann.emailNormalized!);
    expect(annInCc.custom_fields).toEqual({ Client_type: "Member", Favourite_class: "Pilates" });
    expect(annInCc.tags).toEqual(["VIP"]);
    expect(annInCc.lists).toEqual(["Newsletter"]);
    const state = await stateOf(b, ann.id);
    expect(state).toMatchObject({ syncedClientType: "Member", syncedGroups: null });
  });

  it("does not send groups past 255 characters, says why on the client, and sends the rest", async () => {
    const { b, businessId, ann, bob } = await studio();
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.clientGroup.create({ data: { businessId, name: `Long group name number ${String(i).padStart(2, "0")}` } }),
      ),
    );
    await db.clientGroupMember.createMany({ data: many.map((g) => ({ clientId: bob.id, groupId: g.id })) });
    await chooseSegmentFields(b.ownerCtx, { clientType: true, groups: true });
    await sync(businessId);
    const bobState = await stateOf(b, bob.id);
    expect(bobState.status).toBe("SYNCED");
    expect(bobState.segmentNote).toMatch(/^Groups not sent: \d+ characters, Constant Contact accepts at most 255\.$/);
    expect(bobState.syncedGroups).toBeNull();
    expect((await contactOf(b, bob.emailNormalized!)).custom_fields).toEqual({});
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields.Client_groups).toBe("Seniors, Yoga");
  });

  it("re-creates a field the owner deleted in Constant Contact and sends its values again", async () => {
    const { b, businessId, ann, bob } = await studio();
    await chooseSegmentFields(b.ownerCtx, { clientType: false, groups: true });
    await sync(businessId);
    await control(env.sandbox.url, "/custom-fields/delete", { accountEmail: b.accountEmail, name: "Client_groups" });
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields).toEqual({});
    // The next run (here for another client's edit) finds the field missing, re-creates it and re-sends Ann too.
    await updateClientProfile(
      { businessId, actor: b.ownerCtx.actor },
      { ...profileInput(bob), city: "Elsewhere", clientTypeId: null, groupIds: [] },
    );
    await sync(businessId);
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields).toEqual({ Client_groups: "Seniors, Yoga" });
    expect(await isPending(ann.id)).toBe(false);
  });

  it("reports a field that cannot be created (100 custom fields taken) and syncs everything else", async () => {
    const { b, businessId, ann } = await studio();
    for (let i = 0; i < 100; i++) {
      await control(env.sandbox.url, "/contact-extras", {
        accountEmail: b.accountEmail,
        email: ann.emailNormalized,
        customFields: { [`Owner field ${i}`]: "x" },
      });
    }
    await chooseSegmentFields(b.ownerCtx, { clientType: false, groups: true });
    await db.client.update({ where: { id: ann.id }, data: { city: "Elsewhere", syncVersion: { increment: 1 } } });
    await sync(businessId);
    const connection = await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } });
    expect(connection.segmentFieldsError).toContain('"Client groups" could not be created in Constant Contact');
    const annInCc = await contactOf(b, ann.emailNormalized!);
    expect(annInCc.city).toBe("Elsewhere");
    expect(Object.keys(annInCc.custom_fields)).toHaveLength(100);
    const state = await stateOf(b, ann.id);
    expect(state.segmentNote).toBe("Groups not sent: the field does not exist in Constant Contact.");
  });

  /** A studio whose Constant Contact account has all 100 custom fields taken when groups are turned on. */
  async function fullAccountWithGroupsOn() {
    const s = await studio();
    for (let i = 0; i < 100; i++) {
      await control(env.sandbox.url, "/contact-extras", {
        accountEmail: s.b.accountEmail,
        email: s.bob.emailNormalized,
        customFields: { [`Owner field ${i}`]: "x" },
      });
    }
    await chooseSegmentFields(s.b.ownerCtx, { clientType: false, groups: true });
    await sync(s.businessId);
    const connection = await db.connection.findUniqueOrThrow({ where: { id: s.b.connectionId } });
    expect(connection.segmentFieldsError).toContain('"Client groups" could not be created in Constant Contact');
    expect((await contactOf(s.b, s.ann.emailNormalized!)).custom_fields.Client_groups).toBeUndefined();
    expect(await isPending(s.ann.id)).toBe(false);
    // The owner makes room, as the error asks.
    await control(env.sandbox.url, "/custom-fields/delete", { accountEmail: s.b.accountEmail, name: "Owner_field_0" });
    return s;
  }

  it("sends the groups held back while the field could not be created, once a later run creates it", async () => {
    const { b, businessId, ann, bob } = await fullAccountWithGroupsOn();
    // The next run is for another client's edit: it creates the field, and Ann's groups must follow.
    await updateClientProfile(
      { businessId, actor: b.ownerCtx.actor },
      { ...profileInput(bob), city: "Elsewhere", clientTypeId: null, groupIds: [] },
    );
    await sync(businessId);
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields.Client_groups).toBe("Seniors, Yoga");
    expect(await stateOf(b, ann.id)).toMatchObject({ syncedGroups: "Seniors, Yoga", segmentNote: null });
    expect(await isPending(ann.id)).toBe(false);
    const connection = await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } });
    expect(connection.segmentFieldsError).toBeNull();
  });

  it("sends the held-back groups on Sync now when nothing else is pending", async () => {
    const { b, businessId, ann } = await fullAccountWithGroupsOn();
    const importsBefore = await callsTo(IMPORT);
    await runPush(businessId, "MANUAL", inlineStep);
    expect(await callsTo(IMPORT)).toBe(importsBefore + 1);
    expect((await contactOf(b, ann.emailNormalized!)).custom_fields.Client_groups).toBe("Seniors, Yoga");
    expect(await stateOf(b, ann.id)).toMatchObject({ syncedGroups: "Seniors, Yoga", segmentNote: null });
    expect(await isPending(ann.id)).toBe(false);
  });

  it("is the owner's choice: staff cannot change it", async () => {
    const { b } = await studio();
    await expect(chooseSegmentFields(b.staffCtx, { clientType: true, groups: false })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const connection = await db.connection.findUniqueOrThrow({ where: { id: b.connectionId } });
    expect(connection.sendClientType).toBe(false);
  });
});
