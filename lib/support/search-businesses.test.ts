import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealToken } from "../integrations/connections";
import { connectionOverview } from "../integrations/constant-contact/connection";
import { db } from "../db";
import { createTestBusiness, createTestClient } from "../../prisma/seed/factories";
import { impersonatedBusinessContext } from "../auth/business-context";
import { isPostgresText } from "../text/postgres-text";
import { SEARCH_PAGE_SIZE, searchBusinesses } from "./search-businesses";
import { startImpersonation } from "../auth/impersonation";
import { createSupportUser, REASON } from "@/tests/support/support-user";

describe("finding a business", () => {
  it("by name, slug, owner email and country, with its integration status and pending clients", async () => {
    const tag = randomUUID().slice(0, 8);
    const { business, owner } = await createTestBusiness(db, { name: `Lotus Finder ${tag}`, countryCode: "AU" });
    await db.connection.create({
      data: {
        provider: "CONSTANT_CONTACT",
        businessId: business.id,
        status: "ACTIVE",
        accountName: "Lotus Marketing",
        listName: "Newsletter",
        lastSyncedAt: new Date(),
      },
    });
    await createTestClient(db, business.id, { newsOptIn: true });
    await createTestClient(db, business.id, { newsOptIn: true });

    for (const q of [`lotus finder ${tag}`, business.slug.toUpperCase(), owner.email.toUpperCase()]) {
      const { businesses } = await searchBusinesses({ q });
      expect(
        businesses.map((b) => b.id),
        q,
      ).toEqual([business.id]);
    }
    const [found] = (await searchBusinesses({ q: tag })).businesses;
    expect(found).toMatchObject({
      countryCode: "AU",
      owners: [{ email: owner.email }],
      integrations: [
        {
          provider: "CONSTANT_CONTACT",
          status: "ACTIVE",
          accountName: "Lotus Marketing",
          listName: "Newsletter",
          pendingClients: 2,
        },
      ],
    });

    expect((await searchBusinesses({ q: tag, country: "au" })).businesses).toHaveLength(1);
    expect((await searchBusinesses({ q: tag, country: "US" })).businesses).toHaveLength(0);
    expect((await searchBusinesses({ q: "AU" })).businesses.some((b) => b.id === business.id)).toBe(true);
    // Wildcards are searched as text.
    expect((await searchBusinesses({ q: "%" })).businesses).toHaveLength(0);
  });

  it("pages in name order without repeating or skipping", async () => {
    const tag = randomUUID().slice(0, 8);
    const made = [];
    for (let i = 0; i < SEARCH_PAGE_SIZE + 3; i++)
      made.push(await createTestBusiness(db, { name: `Pager ${tag} ${String(i).padStart(2, "0")}` }));
    const first = await searchBusinesses({ q: `pager ${tag}` });
    expect(first.businesses).toHaveLength(SEARCH_PAGE_SIZE);
    expect(first.nextCursor).not.toBeNull();
    const second = await searchBusinesses({ q: `pager ${tag}`, after: first.nextCursor });
    expect(second.businesses).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    expect([...first.businesses, ...second.businesses].map((b) => b.name)).toEqual(made.map((m) => m.business.name));
    // A mangled cursor is the first page, not an error.
    expect((await searchBusinesses({ q: `pager ${tag}`, after: "garbage" })).businesses[0]?.name).toBe(
      made[0]!.business.name,
    );
  });
});

describe("support never receives a token", () => {
  it("search results and the impersonated connection overview hold no token field or value", async () => {
    const { business } = await createTestBusiness(db, { name: `Secret Guard ${randomUUID().slice(0, 8)}` });
    const id = randomUUID();
    const access = `access-${randomUUID()}`;
    const refresh = `refresh-${randomUUID()}`;
    const sealed = [sealToken(access, id), sealToken(refresh, id)];
    await db.connection.create({
      data: {
        provider: "CONSTANT_CONTACT",
        id,
        businessId: business.id,
        status: "ACTIVE",
        accountName: "Guard Marketing",
        listName: "News",
        accessTokenEnc: sealed[0],
        refreshTokenEnc: sealed[1],
      },
    });

    const { businesses } = await searchBusinesses({ q: business.name });
    expect(businesses).toHaveLength(1);
    const supportUser = await createSupportUser();
    const { impersonationId } = await startImpersonation({
      supportUserId: supportUser.id,
      businessId: business.id,
      reason: REASON,
    });
    const ctx = (await impersonatedBusinessContext({ supportUser, impersonationId }))!;
    const overview = await connectionOverview(ctx);
    expect(overview.connection?.accountName).toBe("Guard Marketing");

    for (const shown of [JSON.stringify(businesses), JSON.stringify(overview), JSON.stringify(ctx)]) {
      expect(shown).not.toMatch(/token/i);
      for (const secret of [access, refresh, ...sealed]) expect(shown).not.toContain(secret);
    }
  });
});

describe("finding a business with control characters (HTTP 500 before: Postgres refuses NUL)", () => {
  const CONTROL_AND_LONE = [...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), "\uD800", "\uDFFF"];

  it("searches them as word breaks and reads such cursors as the first page, never throwing", async () => {
    const tag = randomUUID().slice(0, 8);
    const { business } = await createTestBusiness(db, { name: `Nul Finder ${tag}` });
    const found = async (input: Parameters<typeof searchBusinesses>[0]) =>
      (await searchBusinesses(input)).businesses.map((b) => b.id);
    for (const c of CONTROL_AND_LONE) {
      expect(await found({ q: `nul${c}finder ${tag}` })).toEqual([business.id]);
      expect(await found({ q: `${c}${tag}${c}` })).toEqual([business.id]);
      expect(await found({ q: c, country: business.countryCode, after: c })).not.toHaveLength(0);
      const position = Buffer.from(JSON.stringify([`Nul${c}`, randomUUID()])).toString("base64url");
      // Not a cursor we wrote (a real one with the character appended included): the first page.
      for (const after of [c, `a${c}b`, `${position}${c}`])
        expect(await found({ q: tag, after })).toEqual([business.id]);
      // A position holding the character: NUL and lone surrogates make it malformed, so the first page again.
      const paged = await found({ q: tag, after: position });
      if (!isPostgresText(c)) expect(paged).toEqual([business.id]);
    }
  });
});
