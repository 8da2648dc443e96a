import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { installLocalDispatcher } from "../jobs/send-event";
import { createTestClient } from "../../prisma/seed/factories";
import { applyRemoteChangesNow } from "../sync/remote-changes";
import { clientSyncView } from "../sync/status/client-sync";
import { changeConsentByStaff } from "./change-consent";
import { createClient } from "./create-client";
import { updateClientProfile } from "./update-client-profile";
import { isPending, newClientInput, staffContext } from "@/tests/support/client-fixtures";

type Seen = {
  name: string;
  data: { connectionId: string; businessId: string; trigger: string };
  committedVersion: number | null;
};

afterEach(() => installLocalDispatcher(undefined));

describe("sync requests", () => {
  it("are sent after commit for every synced change, and not for changes that are not synced", async () => {
    const ctx = await staffContext();
    let id: string | null = null;
    // The id is not known before createClient returns: look the client up by its unique email instead.
    const email = `sync-${ctx.businessId.slice(0, 8)}@example.test`;
    const seen: Seen[] = [];
    installLocalDispatcher(async (payload) => {
      const event = payload as unknown as { name: string; data: Seen["data"] };
      const row = id
        ? await db.client.findUnique({ where: { id }, select: { syncVersion: true } })
        : await db.client.findFirst({
            where: { businessId: ctx.businessId, emailNormalized: email },
            select: { syncVersion: true },
          });
      seen.push({ name: event.name, data: event.data, committedVersion: row?.syncVersion ?? null });
    });
    const created = await createClient(ctx, newClientInput({ firstName: "Sync", email }));
    id = created.id;
    expect(seen).toHaveLength(1);
    expect(seen[0]?.committedVersion).toBe(1); // the new client was visible to another connection when the event went out
    expect(seen[0]).toMatchObject({
      name: "sync/push.requested",
      data: { connectionId: ctx.connectionId, businessId: ctx.businessId, trigger: "CLIENT_CHANGE" },
    });

    const fields = {
      clientId: id,
      firstName: "Sync",
      lastName: "Lovelace",
      email: "sync@example.test",
      city: "London",
      clientTypeId: "",
      groupIds: [],
    };
    await updateClientProfile(ctx, fields);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.committedVersion).toBe(2); // the bump was visible to another connection when the event went out
    await updateClientProfile(ctx, fields); // same values
    expect(seen).toHaveLength(2);

    await changeConsentByStaff(ctx, { clientId: id, optIn: true, method: "AT_SIGN_UP" });
    expect(seen).toHaveLength(3);
    expect(seen[2]?.committedVersion).toBe(3);
    await changeConsentByStaff(ctx, { clientId: id, optIn: true, method: "AT_SIGN_UP" }); // no change
    expect(seen).toHaveLength(3);
    await applyRemoteChangesNow({ id: ctx.connectionId!, businessId: ctx.businessId, provider: "CONSTANT_CONTACT" }, [
      { email: "SYNC@example.test", at: new Date(Date.now() + 1000), kind: "unsubscribed" },
    ]);
    expect(seen).toHaveLength(4);
  });

  it("failing to send loses nothing: the change is committed and pending", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId);
    installLocalDispatcher(async () => {
      throw new Error("event bus down");
    });
    const fields = {
      clientId: client.id,
      firstName: "Changed",
      lastName: client.lastName,
      email: client.email,
      city: client.city,
      clientTypeId: "",
      groupIds: [],
    };
    await expect(updateClientProfile(ctx, fields)).resolves.toEqual({ syncedFieldsChanged: ["firstName"] });
    expect(await db.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({
      firstName: "Changed",
      syncVersion: client.syncVersion + 1,
    });
    expect(await isPending(client.id)).toBe(true);
  });
});

describe("clientSyncView", () => {
  it("reads the sync state the engine wrote, or none, and the Constant Contact warnings", async () => {
    const ctx = await staffContext();
    const client = await createTestClient(db, ctx.businessId, { city: "C".repeat(51) });
    expect((await clientSyncView(ctx, client.id)).map((s) => s.syncState)).toEqual([null]);
    const sentAt = new Date("2026-11-26T10:00:00Z");
    await db.clientSyncState.create({
      data: {
        connectionId: ctx.connectionId!,
        clientId: client.id,
        businessId: ctx.businessId,
        status: "SYNCED",
        lastSentAt: sentAt,
      },
    });
    const [sync] = await clientSyncView(ctx, client.id);
    expect(sync).toMatchObject({ provider: "CONSTANT_CONTACT", syncPending: true });
    expect(sync?.syncState).toEqual({
      status: "SYNCED",
      lastSentAt: sentAt,
      lastError: null,
      syncedClientType: null,
      syncedGroups: null,
      segmentNote: null,
    });
    expect(sync?.syncIssues.map((i) => i.field)).toEqual(["city"]);
  });
});
