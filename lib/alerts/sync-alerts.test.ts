import { describe, expect, it } from "vitest";
import { db } from "../db";
import { failRunAfterRetries } from "../sync/runs";
import { createTestClient } from "../../prisma/seed/factories";
import { testBusiness } from "@/tests/support/test-business";
import { reviewSyncHealth } from "./review-sync-health";

const alerts = (businessId: string) =>
  db.mailOutbox.findMany({
    where: { businessId },
    orderBy: { createdAt: "asc" },
    select: { kind: true, payload: true },
  });

async function businessWithConnection() {
  const b = await testBusiness();
  const connection = await db.connection.create({
    data: {
      provider: "CONSTANT_CONTACT",
      businessId: b.business.id,
      status: "ACTIVE",
      listId: "l-1",
      listName: "Newsletter",
    },
  });
  const target = { connectionId: connection.id, businessId: b.business.id, provider: connection.provider };
  return { ...b, connectionId: connection.id, target };
}

describe("sync alerts", () => {
  it("a run that gave up after its retries is closed as failed and alerts once; the next finished run is back to normal", async () => {
    const b = await businessWithConnection();
    const run = await db.syncRun.create({
      data: { businessId: b.business.id, connectionId: b.connectionId, kind: "DELTA", trigger: "CLIENT_CHANGE" },
    });
    await failRunAfterRetries(b.connectionId, "503 Service Unavailable");
    await failRunAfterRetries(b.connectionId, "503 Service Unavailable"); // the next run fails the same way
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "FAILED",
      error: "Failed after retries: 503 Service Unavailable",
    });
    expect((await alerts(b.business.id)).map((m) => [m.kind, (m.payload as { alert: string }).alert])).toEqual([
      ["ALERT_OPENED", "RUN_FAILED"],
    ]);
    await reviewSyncHealth(b.target);
    expect((await alerts(b.business.id)).map((m) => m.kind)).toEqual(["ALERT_OPENED", "ALERT_RESOLVED"]);
  });

  it("clients that cannot be sent: one alert with the count and the reasons, none repeated, back to normal when none fail", async () => {
    const b = await businessWithConnection();
    const clients = await Promise.all([0, 1, 2].map(() => createTestClient(db, b.business.id, { newsOptIn: true })));
    const reasons = [
      "The email address is not valid.",
      "The email address is not valid.",
      "The email is longer than 80 characters.",
    ];
    await db.clientSyncState.createMany({
      data: clients.map((c, i) => ({
        connectionId: b.connectionId,
        clientId: c.id,
        businessId: b.business.id,
        status: "FAILED" as const,
        lastError: reasons[i],
      })),
    });
    await reviewSyncHealth(b.target);
    await reviewSyncHealth(b.target);
    const opened = await alerts(b.business.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.payload).toMatchObject({
      alert: "CLIENTS_UNSENDABLE",
      details: {
        count: 3,
        reasons: ["2 × The email address is not valid.", "1 × The email is longer than 80 characters."],
      },
    });
    await db.clientSyncState.updateMany({
      where: { businessId: b.business.id },
      data: { status: "SYNCED", lastError: null },
    });
    await reviewSyncHealth(b.target);
    expect((await alerts(b.business.id)).map((m) => m.kind)).toEqual(["ALERT_OPENED", "ALERT_RESOLVED"]);
  });
});

describe("the unsubscribe check alert", () => {
  it("opens when a connection's pulls have failed for hours, once, and ends when a pull works again", async () => {
    const b = await businessWithConnection();
    const now = new Date();
    await db.connection.update({
      where: { id: b.connectionId },
      data: {
        connectedAt: new Date(now.getTime() - 30 * 3_600_000),
        lastUnsubscribePullAt: new Date(now.getTime() - 7 * 3_600_000),
      },
    });
    const { checkUnsubscribePulls } = await import("./check-unsubscribe-pulls");
    await checkUnsubscribePulls(now);
    await checkUnsubscribePulls(new Date(now.getTime() + 300_000));
    const opened = await alerts(b.business.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.payload).toMatchObject({ alert: "UNSUBSCRIBE_CHECK_FAILING", details: { hours: 7 } });
    await db.connection.update({ where: { id: b.connectionId }, data: { lastUnsubscribePullAt: now } });
    await checkUnsubscribePulls(new Date(now.getTime() + 600_000));
    expect((await alerts(b.business.id)).map((m) => m.kind)).toEqual(["ALERT_OPENED", "ALERT_RESOLVED"]);
  });
});
