import { describe, expect, it } from "vitest";
import { trustedBusinessScope } from "../auth/business-context";
import { db } from "../db";
import { createTestBusiness } from "../../prisma/seed/factories";
import { auditActionLabel, auditActionOptions } from "./action-labels";
import { AUDIT_PAGE_SIZE, listAuditEntries } from "./list-audit-entries";
import { startOfDayIn } from "../zoned-day";

/** recordAudit stamps now(); tests place entries in time by writing them directly. */
async function entry(businessId: string | null, action: string, createdAt: Date, details: Record<string, string> = {}) {
  await db.auditLog.create({ data: { businessId, action, actorLabel: "Test", details, createdAt } });
}

describe("listing audit entries", () => {
  it("is scoped to one business: the owner of A never sees B's entries", async () => {
    const a = await createTestBusiness(db);
    const b = await createTestBusiness(db);
    await entry(a.business.id, "integration.connected", new Date(), { mark: "A" });
    await entry(b.business.id, "integration.connected", new Date(), { mark: "B" });
    const listed = await listAuditEntries({ kind: "business", ...trustedBusinessScope(a.business.id) }, {});
    expect(listed.entries).toHaveLength(1);
    expect(listed.entries[0]?.details).toEqual({ mark: "A" });
    expect(JSON.stringify(listed)).not.toContain(b.business.id);
  });

  it("the platform view holds only entries of no business", async () => {
    const { business, tag } = await createTestBusiness(db);
    await entry(business.id, "auth.login_locked", new Date(), { mark: `business-${tag}` });
    await entry(null, "auth.login_locked", new Date(), { mark: `platform-${tag}` });
    const listed = await listAuditEntries({ kind: "platform" }, { action: "auth.*" });
    expect(listed.entries.every((e) => e.action.startsWith("auth."))).toBe(true);
    const marks = listed.entries.map((e) => e.details.mark);
    expect(marks).toContain(`platform-${tag}`);
    expect(marks).not.toContain(`business-${tag}`);
  });

  it("filters by action, action group and date range (days in the business's time zone)", async () => {
    const { business } = await createTestBusiness(db);
    const scope = { kind: "business", ...trustedBusinessScope(business.id) } as const;
    await entry(business.id, "integration.connected", new Date("2026-03-01T12:00:00Z"));
    await entry(business.id, "integration.disconnected", new Date("2026-03-02T12:00:00Z"));
    await entry(business.id, "client.consent_changed", new Date("2026-03-03T12:00:00Z"));
    // 02:00 UTC on March 4th is still March 3rd in New York.
    await entry(business.id, "sync.requested_manually", new Date("2026-03-04T02:00:00Z"));

    const actions = async (input: Record<string, string>, timeZone = "America/New_York") =>
      (await listAuditEntries(scope, input, { timeZone })).entries.map((e) => e.action);
    expect(await actions({ action: "integration.disconnected" })).toEqual(["integration.disconnected"]);
    expect(await actions({ action: "integration.*" })).toEqual(["integration.disconnected", "integration.connected"]);
    expect(await actions({ from: "2026-03-02", to: "2026-03-03" })).toEqual([
      "sync.requested_manually",
      "client.consent_changed",
      "integration.disconnected",
    ]);
    expect(await actions({ from: "2026-03-02", to: "2026-03-03" }, "UTC")).toEqual([
      "client.consent_changed",
      "integration.disconnected",
    ]);
    // Keys with a hyphen (client-type.renamed) filter too, and "client.*" is not "client-type.*".
    await entry(business.id, "client-type.renamed", new Date("2026-03-05T12:00:00Z"));
    expect(await actions({ action: "client-type.*" })).toEqual(["client-type.renamed"]);
    expect(await actions({ action: "client.*" })).toEqual(["client.consent_changed"]);
    // Nonsense filters are ignored, not errors.
    expect(await actions({ action: "DROP TABLE", from: "yesterday" })).toHaveLength(5);
  });

  it("pages newest first on (createdAt, id) without repeats, also across equal timestamps", async () => {
    const { business } = await createTestBusiness(db);
    const same = new Date("2026-05-05T05:05:05.005Z");
    const total = AUDIT_PAGE_SIZE + 5;
    await db.auditLog.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        businessId: business.id,
        action: "client.updated",
        actorLabel: "Test",
        createdAt: i < 10 ? same : new Date(same.getTime() + i * 1000),
        details: { i },
      })),
    });
    const scope = { kind: "business", ...trustedBusinessScope(business.id) } as const;
    const first = await listAuditEntries(scope, {});
    const second = await listAuditEntries(scope, { after: first.nextCursor });
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(second.entries).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(total);
  });

  it("names known actions in words and still shows unknown ones readably", () => {
    expect(auditActionLabel("integration.disconnected")).toBe("Constant Contact disconnected");
    expect(auditActionLabel("billing.plan_downgraded")).toBe("Billing: plan downgraded");
    expect(auditActionLabel("weird")).toBe("Weird");
  });

  it("the action filter names no provider and shows no placeholder: an option matches every provider's entries", () => {
    const options = auditActionOptions("billing.plan_downgraded");
    const label = (value: string) => options.find((o) => o.value === value)?.label;
    expect(label("integration.connected")).toBe("Integration connected");
    expect(label("integration.list_chosen")).toBe("Integration list chosen");
    expect(label("integration.segment-fields-changed")).toBe("Integration: what is sent changed");
    expect(options.filter((o) => /[{}]/.test(o.label))).toEqual([]);
    expect(label("billing.plan_downgraded")).toBe("Billing: plan downgraded");
    expect(auditActionOptions("integration.*").filter((o) => o.value === "integration.*")).toHaveLength(1);
  });

  it("a day starts at local midnight, daylight saving included", () => {
    expect(startOfDayIn("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayIn("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfDayIn("2026-07-01", "Australia/Sydney").toISOString()).toBe("2026-06-30T14:00:00.000Z");
  });

  it("reads a mangled cursor (control characters, NUL inside its position) as the newest page, never an error", async () => {
    const { business } = await createTestBusiness(db);
    await entry(business.id, "client.updated", new Date("2026-05-05T05:05:05.005Z"));
    const scope = { kind: "business", ...trustedBusinessScope(business.id) } as const;
    const newest = (await listAuditEntries(scope, {})).entries.map((e) => e.id);
    const withNul = Buffer.from(JSON.stringify(["2026-05-05T05:05:05.005Z", "\u0000"])).toString("base64url");
    for (const after of ["\u0000", "\u001f", "\uD800", withNul, `${withNul}\u0000`]) {
      expect((await listAuditEntries(scope, { after })).entries.map((e) => e.id)).toEqual(newest);
    }
  });
});
