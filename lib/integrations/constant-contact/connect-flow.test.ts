import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { BusinessContext } from "../../auth/business-context";
import { ForbiddenError, UserFacingError } from "../../errors";
import { db } from "../../db";
import { chooseList, contactListsForBusiness } from "./connection";
import { completeConnect } from "./connection";
import type { CcConfig } from "./config";
import { connectionOverview } from "./connection";
import { disconnectConnection } from "./connection";
import { refreshAccessToken } from "./oauth";
import { startConnect } from "./connection";
import { fastPacer, startCcSandbox, type TestSandbox } from "@/tests/support/cc-sandbox";
import { signInAtSandbox } from "@/tests/support/sign-in-at-sandbox";
import { storedTokens } from "@/tests/support/stored-tokens";
import { testBusiness } from "@/tests/support/test-business";

let sandbox: TestSandbox;
let config: CcConfig;
beforeAll(async () => {
  ({ sandbox, config } = await startCcSandbox());
});
afterAll(() => sandbox.close());

const deps = () => ({ config, pacer: fastPacer() });

async function connectAs(ctx: BusinessContext, input: { email?: string; decision?: "allow" | "deny" } = {}) {
  const { authorizeUrl } = await startConnect(ctx, config);
  const params = await signInAtSandbox(authorizeUrl, input);
  return { params, result: await completeConnect(ctx, params, deps()) };
}

const connectionOf = (businessId: string) =>
  db.connection.findUnique({ where: { businessId_provider: { businessId, provider: "CONSTANT_CONTACT" } } });

async function listIdNamed(ctx: BusinessContext, name: string) {
  const lists = await contactListsForBusiness(ctx, deps());
  return lists.find((l) => l.name === name)!.listId;
}

describe("Connect Business → Choose list → Disconnect", () => {
  it("connects, lists the lists, saves one, changes it, disconnects and reconnects", async () => {
    const { ownerCtx, business } = await testBusiness();
    const { result } = await connectAs(ownerCtx);
    expect(result).toEqual({ ok: true, status: "NEEDS_LIST" });
    const connected = await connectionOf(business.id);
    expect(connected).toMatchObject({
      status: "NEEDS_LIST",
      accountName: "Sunrise Yoga Marketing",
      connectedByUserId: ownerCtx.user.id,
      syncGeneration: 0,
    });
    expect(connected!.scopes?.split(" ").sort()).toEqual([
      "account_read",
      "campaign_data",
      "contact_data",
      "offline_access",
    ]);
    expect(connected!.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    expect(await db.auditLog.count({ where: { businessId: business.id, action: "integration.connected" } })).toBe(1);

    const lists = await contactListsForBusiness(ownerCtx, deps());
    expect(lists.map((l) => [l.name, l.memberCount])).toEqual([
      ["Class Updates", 2],
      ["Newsletter", 4],
      ["Workshops", 3],
    ]);
    const newsletter = lists.find((l) => l.name === "Newsletter")!.listId;
    expect(await chooseList(ownerCtx, { listId: newsletter }, deps())).toEqual({
      listId: newsletter,
      listName: "Newsletter",
      changed: true,
    });
    expect(await connectionOf(business.id)).toMatchObject({
      status: "ACTIVE",
      listId: newsletter,
      listName: "Newsletter",
      syncGeneration: 1,
    });
    expect(await db.auditLog.count({ where: { businessId: business.id, action: "integration.list_chosen" } })).toBe(1);

    // Saving the same list again changes nothing; another list bumps the generation and is audited as a change.
    await chooseList(ownerCtx, { listId: newsletter }, deps());
    expect((await connectionOf(business.id))!.syncGeneration).toBe(1);
    const workshops = lists.find((l) => l.name === "Workshops")!.listId;
    await chooseList(ownerCtx, { listId: workshops }, deps());
    expect(await connectionOf(business.id)).toMatchObject({ listName: "Workshops", syncGeneration: 2 });
    expect(
      await db.auditLog.findFirst({ where: { businessId: business.id, action: "integration.list_changed" } }),
    ).toMatchObject({
      details: expect.objectContaining({ previousListName: "Newsletter", listName: "Workshops" }),
    });
    await expect(chooseList(ownerCtx, { listId: "00000000-0000-4000-8000-000000000000" }, deps())).rejects.toThrow(
      /no longer exists/,
    );

    // A running sync is cancelled by the disconnect; history stays.
    const connection = (await connectionOf(business.id))!;
    const run = await db.syncRun.create({
      data: { businessId: business.id, connectionId: connection.id, kind: "FULL", trigger: "LIST_SAVED" },
    });
    const { refreshToken } = await storedTokens(connection.id);
    expect(await disconnectConnection(ownerCtx, config)).toEqual({ disconnected: true });
    const after = await db.connection.findUniqueOrThrow({
      where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
      omit: { accessTokenEnc: false, refreshTokenEnc: false },
    });
    expect(after).toMatchObject({
      status: "DISCONNECTED",
      accessTokenEnc: null,
      refreshTokenEnc: null,
      listName: "Workshops",
    });
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "CANCELLED" });
    expect(await db.auditLog.count({ where: { businessId: business.id, action: "integration.disconnected" } })).toBe(1);
    // Revoked at CC: the old refresh token no longer works.
    await expect(refreshAccessToken(refreshToken!, config)).rejects.toMatchObject({ error: "invalid_grant" });
    expect((await connectionOverview(ownerCtx)).connection).toBeNull();
    expect(await disconnectConnection(ownerCtx, config)).toEqual({ disconnected: false });

    // Reconnecting to the same account keeps the list: ACTIVE at once, new generation, same row.
    expect((await connectAs(ownerCtx)).result).toEqual({ ok: true, status: "ACTIVE" });
    expect(await connectionOf(business.id)).toMatchObject({
      id: connection.id,
      status: "ACTIVE",
      listName: "Workshops",
      syncGeneration: 3,
    });

    // Reconnecting to another account (after NEEDS_RECONNECT) asks for a list again.
    await db.connection.update({ where: { id: connection.id }, data: { status: "NEEDS_RECONNECT" } });
    expect((await connectAs(ownerCtx, { email: "maple@cc.test" })).result).toEqual({ ok: true, status: "NEEDS_LIST" });
    expect(await connectionOf(business.id)).toMatchObject({
      id: connection.id,
      status: "NEEDS_LIST",
      accountName: "Maple Pilates Marketing",
      listId: null,
      syncGeneration: 4,
    });
    expect((await contactListsForBusiness(ownerCtx, deps())).map((l) => l.name)).toContain("Members");
  });

  it("Deny, a replayed or expired state, and a failed exchange store nothing and leave an earlier connection alone", async () => {
    const { ownerCtx, business } = await testBusiness();
    expect((await connectAs(ownerCtx, { decision: "deny" })).result).toEqual({ ok: false, error: "denied" });
    expect(await connectionOf(business.id)).toBeNull();

    const first = await connectAs(ownerCtx);
    expect(first.result.ok).toBe(true);
    await chooseList(ownerCtx, { listId: await listIdNamed(ownerCtx, "Newsletter") }, deps());
    const before = await db.connection.findUniqueOrThrow({
      where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
      omit: { accessTokenEnc: false, refreshTokenEnc: false },
    });

    // The same callback again (replayed state):
    expect(await completeConnect(ownerCtx, first.params, deps())).toEqual({ ok: false, error: "state_used" });
    // A state that is not ours, and no state at all:
    expect(await completeConnect(ownerCtx, new URLSearchParams({ code: "x", state: "forged" }), deps())).toEqual({
      ok: false,
      error: "state_invalid",
    });
    expect(await completeConnect(ownerCtx, new URLSearchParams({ code: "x" }), deps())).toEqual({
      ok: false,
      error: "state_invalid",
    });
    // CC reports an error:
    const { authorizeUrl } = await startConnect(ownerCtx, config);
    const state = new URL(authorizeUrl).searchParams.get("state")!;
    expect(
      await completeConnect(
        ownerCtx,
        new URLSearchParams({ error: "server_error", error_description: "<script>", state }),
        deps(),
      ),
    ).toEqual({ ok: false, error: "provider_error" });
    // An expired code: the exchange fails.
    const late = await startConnect(ownerCtx, config);
    const params = await signInAtSandbox(late.authorizeUrl);
    sandbox.clock.advance(6 * 60 * 1000);
    expect(await completeConnect(ownerCtx, params, deps())).toEqual({ ok: false, error: "exchange_failed" });

    const after = await db.connection.findUniqueOrThrow({
      where: { businessId_provider: { businessId: business.id, provider: "CONSTANT_CONTACT" } },
      omit: { accessTokenEnc: false, refreshTokenEnc: false },
    });
    expect(after).toEqual(before);
  });

  it("a state started by one business's owner is refused in another business", async () => {
    const a = await testBusiness();
    const b = await testBusiness();
    const { authorizeUrl } = await startConnect(a.ownerCtx, config);
    const params = await signInAtSandbox(authorizeUrl);
    expect(await completeConnect(b.ownerCtx, params, deps())).toEqual({ ok: false, error: "state_mismatch" });
    expect(await connectionOf(b.business.id)).toBeNull();
  });

  it("only owners can connect, choose a list or disconnect; staff see the page read-only", async () => {
    const { ownerCtx, staffCtx, business } = await testBusiness();
    await expect(startConnect(staffCtx, config)).rejects.toBeInstanceOf(ForbiddenError);
    // Even with a state an owner started, the staff member's callback does nothing.
    const { authorizeUrl } = await startConnect(ownerCtx, config);
    expect(await completeConnect(staffCtx, await signInAtSandbox(authorizeUrl), deps())).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await connectionOf(business.id)).toBeNull();
    await connectAs(ownerCtx);
    await expect(contactListsForBusiness(staffCtx, deps())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(chooseList(staffCtx, { listId: "x" }, deps())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(disconnectConnection(staffCtx, config)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await connectionOverview(staffCtx)).toMatchObject({
      canManage: false,
      connection: { status: "NEEDS_LIST" },
    });
  });

  it("businesses outside the US, Canada and Australia cannot connect", async () => {
    const { ownerCtx } = await testBusiness("GB");
    await expect(startConnect(ownerCtx, config)).rejects.toBeInstanceOf(UserFacingError);
    expect(await connectionOverview(ownerCtx)).toMatchObject({ regionSupported: false, connection: null });
    for (const country of ["CA", "AU"]) {
      const other = await testBusiness(country);
      await expect(startConnect(other.ownerCtx, config)).resolves.toMatchObject({
        authorizeUrl: expect.stringContaining("/authorize"),
      });
    }
  });

  it("no page data, action result or log line contains a token", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi
        .spyOn(console, level)
        .mockImplementation(
          (...args: unknown[]) =>
            void logged.push(
              args
                .map((a) =>
                  a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a),
                )
                .join(" "),
            ),
        ),
    );
    try {
      const { ownerCtx, business } = await testBusiness();
      const outputs: unknown[] = [];
      const connected = await connectAs(ownerCtx);
      outputs.push(connected.result);
      const connection = (await connectionOf(business.id))!;
      const tokens = [await storedTokens(connection.id)];
      outputs.push(await connectionOverview(ownerCtx));
      outputs.push(await contactListsForBusiness(ownerCtx, deps()));
      // Force a refresh, so the rotated tokens are checked too.
      await db.connection.update({
        where: { id: connection.id },
        data: { accessTokenExpiresAt: new Date(0) },
      });
      outputs.push(await chooseList(ownerCtx, { listId: await listIdNamed(ownerCtx, "Newsletter") }, deps()));
      tokens.push(await storedTokens(connection.id));
      outputs.push(await connectionOverview(ownerCtx));
      // A replayed callback, then the disconnect (which revokes and may log).
      outputs.push(await completeConnect(ownerCtx, connected.params, deps()));
      outputs.push(await disconnectConnection(ownerCtx, config));
      outputs.push(await connectionOverview(ownerCtx));

      const secrets = tokens.flatMap((t) => [t.accessToken!, t.refreshToken!]);
      expect(new Set(secrets).size).toBe(4);
      const haystack = JSON.stringify(outputs) + "\n" + logged.join("\n");
      for (const secret of secrets) expect(haystack).not.toContain(secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
