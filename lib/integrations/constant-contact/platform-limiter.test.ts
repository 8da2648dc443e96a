import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import type { CallKind, CallPurpose } from "../call-purpose";
import { CcBudgetError } from "./errors";
import { PlatformLimiter } from "./platform-limiter";
import { postgresLimiters } from "../rate-limit-store";

// The platform limiter on the real database, without HTTP: `take` is what every Constant Contact call waits on.
// Each test uses an API key of its own, so the shared counters start at zero.
const limiter = (requestsPerSecond: number, dailyBudget = 10_000) =>
  new PlatformLimiter({
    requestsPerSecond,
    dailyBudget,
    keyId: `test-${randomUUID()}`,
    limiters: postgresLimiters(db),
    database: db,
  });
const ledgerOf = async (businessIds: string[]) =>
  (await db.apiCallLedger.aggregate({ where: { businessId: { in: businessIds } }, _sum: { calls: true } }))._sum
    .calls ?? 0;

it("lets an owner's interactive call and another business's small change go before a long queue of background calls", async () => {
  const gate = limiter(4);
  const big = randomUUID(),
    small = randomUUID(),
    owner = randomUUID();
  const order: string[] = [];
  const call = (label: string, purpose: CallPurpose) => gate.take(purpose).then(() => void order.push(label));
  const pending = [
    ...Array.from({ length: 6 }, (_, i) => call(`big-pull-${i}`, { kind: "UNSUBSCRIBE_PULL", businessId: big })),
    ...Array.from({ length: 4 }, (_, i) => call(`big-push-${i}`, { kind: "PUSH", businessId: big })),
    call("small-push", { kind: "PUSH", businessId: small }),
    call("owner", { kind: "INTERACTIVE", businessId: owner }),
  ];
  await Promise.all(pending);
  // The first pull already held the line when the others arrived; then the owner; then the pushes, the business
  // served least recently first (the small business's one change does not wait behind the big one's four); then
  // the pulls.
  expect(order.slice(0, 4)).toEqual(["big-pull-0", "owner", "small-push", "big-push-0"]);
  expect(order.slice(-5)).toEqual(["big-pull-1", "big-pull-2", "big-pull-3", "big-pull-4", "big-pull-5"]);
  expect(await ledgerOf([big, small, owner])).toBe(12);
}, 20_000);

it("stops a business at its share and background work at the interactive reserve; never past the day's budget", async () => {
  // 200 a day: 10 kept for interactive calls, 100 at most per business for background work.
  const gate = limiter(1_000, 200);
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
  const takeMany = async (n: number, kind: CallKind, businessId: string) => {
    for (let i = 0; i < n; i++) await gate.take({ kind, businessId });
  };
  const refusal = (kind: CallKind, businessId: string) =>
    gate.take({ kind, businessId }).then(
      () => null,
      (e: unknown) => e,
    );

  await takeMany(100, "PUSH", a);
  expect(await refusal("UNSUBSCRIBE_PULL", a)).toMatchObject({ reason: "business_share", businessId: a });
  await takeMany(90, "PUSH", b); // the others carry on: 190 used
  const reserve = await refusal("PUSH", c);
  expect(reserve).toBeInstanceOf(CcBudgetError);
  expect(reserve).toMatchObject({ reason: "background_reserve" });
  await takeMany(10, "INTERACTIVE", c); // an owner still gets through, up to the budget
  expect(await refusal("INTERACTIVE", c)).toMatchObject({ reason: "daily_budget" });
  // Refused calls were not counted: the ledger holds exactly the day's budget.
  expect(await ledgerOf([a, b, c])).toBe(200);
}, 30_000);
