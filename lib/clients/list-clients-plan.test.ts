// Client search at 100,000 clients, on the real database: the SQL that listClients sends is read off the driver and
// explained by Postgres itself, with statistics as autovacuum would have them. A search by name or email must be
// answered from the trigram indexes of migration 20261126020000_clients (a query they cannot serve, or an index that
// is gone, leaves a walk through all of the business's rows), and a page past the first 1,000 must start at its
// cursor on the name index. scripts/bench.ts times the same three at this size.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import { insertManyClients } from "@/scripts/lib/seed-large";
import { staffContext } from "@/tests/support/client-fixtures";
import { withOwnDatabase } from "@/tests/support/own-database";
import { listClients, PAGE_SIZE } from "./list-clients";

type Ctx = Awaited<ReturnType<typeof staffContext>>;
type Plan = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: Plan[] };
type Sent = { text: string; values: unknown[] };

// 100,000 rows would slow the shared database's other tests: a database of this file's own.
withOwnDatabase("search");
let ctx: Ctx;
let tag: string;
beforeAll(async () => {
  ctx = await staffContext();
  tag = randomUUID().slice(0, 8);
  await insertManyClients(process.env.DATABASE_URL!, {
    businessId: ctx.businessId,
    count: 100_000,
    emailDomain: `plan-${tag}.test`,
  });
  await createTestClient(db, ctx.businessId, {
    firstName: "Quintessa",
    lastName: `Zyworth${tag}`,
    email: `qz-${tag}@unique.test`,
  });
  // Statistics as autovacuum would have them for a table this size.
  await db.$executeRawUnsafe(`ANALYZE "Client"`);
}, 240_000);

// The driver's query method, while a test listens to what Prisma sends through it.
const originalQuery = pg.Client.prototype.query;
afterEach(() => {
  pg.Client.prototype.query = originalQuery;
});

/** Runs `work` and returns the statements it sent that read clients (the page's one big query). */
async function clientQueriesOf(work: () => Promise<unknown>): Promise<Sent[]> {
  const sent: Sent[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    const text = typeof config === "string" ? config : config.text;
    if (/FROM "public"\."Client"/.test(text) && /ORDER BY/.test(text))
      sent.push({ text, values: (typeof config === "string" ? values : config.values) ?? [] });
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  await work();
  pg.Client.prototype.query = originalQuery;
  return sent;
}

/** Every node of Postgres's plan for one statement (its EXPLAIN, with the values it was sent with). */
async function planNodes(statement: Sent): Promise<Plan[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
    const root = (result.rows[0]["QUERY PLAN"] as { Plan: Plan }[])[0]!.Plan;
    const nodes: Plan[] = [];
    const walk = (node: Plan) => (nodes.push(node), node.Plans?.forEach(walk));
    walk(root);
    return nodes;
  } finally {
    await client.end();
  }
}

async function expectTrigramIndex(q: string, expectedClients: number) {
  let found = 0;
  const sent = await clientQueriesOf(async () => (found = (await listClients(ctx, { q })).clients.length));
  expect(found).toBe(expectedClients);
  expect(sent).toHaveLength(1);
  const nodes = await planNodes(sent[0]!);
  expect(nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "Client")).toEqual([]);
  expect(nodes.some((n) => /_trgm_idx$/.test(n["Index Name"] ?? ""))).toBe(true);
}

describe("client search at size uses its indexes", { timeout: 60_000 }, () => {
  it("a search by name is answered from the trigram indexes", async () => {
    await expectTrigramIndex(`zyworth${tag}`, 1);
  });

  it("a search by email is answered from the trigram indexes", async () => {
    await expectTrigramIndex(`qz-${tag}@uniq`, 1);
  });

  it("a page past the first 1,000 clients starts at its cursor on the name index", async () => {
    let cursor: string | null | undefined;
    for (let page = 0; page < 1_000 / PAGE_SIZE; page++)
      cursor = (await listClients(ctx, { after: cursor ?? undefined })).nextCursor;
    expect(cursor).toBeTruthy();
    let rows = 0;
    const sent = await clientQueriesOf(
      async () => (rows = (await listClients(ctx, { after: cursor! })).clients.length),
    );
    expect(rows).toBe(PAGE_SIZE);
    const nodes = await planNodes(sent[0]!);
    expect(nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "Client")).toEqual([]);
    expect(nodes.some((n) => n["Index Name"] === "Client_businessId_lastName_firstName_id_idx")).toBe(true);
  });
});
