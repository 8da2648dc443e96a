import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { createCcClient } from "./api-client";
import type { CcConfig } from "./config";
import { sealToken } from "../connections";
import { connectionTokenStore } from "./connection-token-store";
import { CcOAuthError, ReconnectRequiredError } from "./errors";
import { refreshAccessToken } from "./oauth";
import { createTokenProvider } from "./tokens";
import { connect, control, fastPacer, startCcSandbox, tokenCalls, type TestSandbox } from "@/tests/support/cc-sandbox";
import { storedTokens } from "@/tests/support/stored-tokens";
import { testBusiness } from "@/tests/support/test-business";

let sandbox: TestSandbox;
let config: CcConfig;
beforeAll(async () => {
  ({ sandbox, config } = await startCcSandbox());
});
afterAll(() => sandbox.close());

/** A connection row holding real sandbox tokens; `expired` makes the stored access token look stale. */
async function connectionWithTokens(options: { expired?: boolean; account?: string } = {}) {
  const { business } = await testBusiness();
  const tokens = await connect(sandbox.url, { email: options.account ?? "sunrise@cc.test" });
  const id = randomUUID();
  await db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      id,
      businessId: business.id,
      status: "ACTIVE",
      accountId: "acc",
      accessTokenEnc: sealToken(tokens.access_token, id),
      refreshTokenEnc: sealToken(tokens.refresh_token!, id),
      accessTokenExpiresAt: new Date(Date.now() + (options.expired ? -60_000 : 3600_000)),
    },
  });
  return { id, businessId: business.id, tokens };
}

function providerFor(connectionId: string, refresh = (rt: string) => refreshAccessToken(rt, config)) {
  return createTokenProvider({ connectionId, store: connectionTokenStore(connectionId), refresh });
}

describe("the token provider", () => {
  it("returns the stored token while it is fresh, without calling the token endpoint", async () => {
    const { id, tokens } = await connectionWithTokens();
    const before = await tokenCalls(sandbox);
    expect(await providerFor(id).getAccessToken()).toBe(tokens.access_token);
    expect(await tokenCalls(sandbox)).toBe(before);
  });

  it("refreshes exactly once for 20 concurrent callers, and stores the rotated refresh token", async () => {
    const { id, tokens } = await connectionWithTokens({ expired: true });
    const before = await tokenCalls(sandbox);
    // Separate providers, as separate requests or workers would have.
    const results = await Promise.all(Array.from({ length: 20 }, () => providerFor(id).getAccessToken()));
    expect(await tokenCalls(sandbox)).toBe(before + 1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(tokens.access_token);
    const stored = await storedTokens(id);
    expect(stored.accessToken).toBe(results[0]);
    expect(stored.refreshToken).not.toBe(tokens.refresh_token);
    // The stored refresh token is the live one.
    await expect(refreshAccessToken(stored.refreshToken!, config)).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it("moves the connection to NEEDS_RECONNECT on invalid_grant, audits it, and throws ReconnectRequiredError", async () => {
    const { id, businessId, tokens } = await connectionWithTokens({ expired: true });
    // Someone else rotated the refresh token: ours is now refused with invalid_grant.
    await refreshAccessToken(tokens.refresh_token!, config);
    const error = await providerFor(id)
      .getAccessToken()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ReconnectRequiredError);
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("NEEDS_RECONNECT");
    expect(row.lastError).toContain("invalid_grant");
    const audit = await db.auditLog.findMany({ where: { businessId, action: "integration.needs_reconnect" } });
    expect(audit).toHaveLength(1);
    // Later callers fail fast without calling CC.
    const before = await tokenCalls(sandbox);
    await expect(providerFor(id).getAccessToken()).rejects.toBeInstanceOf(ReconnectRequiredError);
    expect(await tokenCalls(sandbox)).toBe(before);
  });

  it("a grant revoked at CC (control API): the next call gets 401, the refresh gets invalid_grant → NEEDS_RECONNECT", async () => {
    const { id } = await connectionWithTokens({ account: "maple@cc.test" });
    await control(sandbox.url, "/revoke-grant", { accountEmail: "maple@cc.test" });
    const client = createCcClient({ tokens: providerFor(id), apiBaseUrl: config.apiBaseUrl, pacer: fastPacer() });
    await expect(client.getAccountSummary()).rejects.toBeInstanceOf(ReconnectRequiredError);
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).status).toBe("NEEDS_RECONNECT");
  });

  it("keeps the connection as it is when the token endpoint fails transiently", async () => {
    const { id } = await connectionWithTokens({ expired: true });
    const failing = async () => {
      throw new CcOAuthError("server_error", 503);
    };
    await expect(providerFor(id, failing).getAccessToken()).rejects.toMatchObject({ error: "server_error" });
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).status).toBe("ACTIVE");
  });
});
