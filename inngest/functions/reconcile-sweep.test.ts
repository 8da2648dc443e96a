import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { reconcileSweep } from "./reconcile-sweep";

const stepIds = (ctx: { step: { run: unknown } }) =>
  (ctx.step.run as { mock: { calls: [string][] } }).mock.calls.map((c) => c[0]);

describe("reconcile-sweep (Inngest function)", () => {
  it("sweeps only the business asked for on demand", async () => {
    const businessId = randomUUID(); // not connected: found as needing a reconnect, nothing sent
    const t = new InngestTestEngine({
      function: reconcileSweep,
      events: [{ name: "cc/reconcile.requested", data: { businessId } }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ findings: [{ businessId, pending: 0, retried: 0, connection: "needs reconnect" }] });
    expect(stepIds(ctx)).toEqual([`reconcile-${businessId}`]);
  });

  it("sweeps every active business on the daily tick", async () => {
    // The list is mocked: other tests' businesses share this database.
    const t = new InngestTestEngine({
      function: reconcileSweep,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "TZ=UTC 30 3 * * *" } }],
      steps: [{ id: "list-businesses", handler: () => [] }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ findings: [] });
    expect(stepIds(ctx)).toEqual(["list-businesses"]);
  });
});
