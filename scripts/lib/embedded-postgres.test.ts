import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";

let server: EmbeddedPostgres;
beforeAll(async () => {
  server = await startEmbeddedPostgres();
});
afterAll(() => server.stop());

describe("embedded Postgres with several connections", () => {
  it("keeps each connection's parameterized queries apart (no interleaved Parse/Bind between connections)", async () => {
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: server.url, max: 4 }));
    try {
      const work = [];
      for (let i = 0; i < 600; i++) {
        const pool = pools[i % 3]!;
        if (i % 50 === 0) {
          // Transactions from another connection at the same time.
          work.push(
            (async () => {
              const client = await pool.connect();
              try {
                await client.query("BEGIN");
                const r = await client.query<{ v: number }>("SELECT $1::int * 2 AS v", [i]);
                await client.query("COMMIT");
                expect(r.rows[0]!.v).toBe(i * 2);
              } finally {
                client.release();
              }
            })(),
          );
          continue;
        }
        // Different statement shapes and parameter counts, so a Bind meant for another connection's Parse fails.
        work.push(
          i % 3 === 0
            ? pool
                .query<{ v: string }>("SELECT $1::text || $2::text AS v", [`a${i}`, "b"])
                .then((r) => expect(r.rows[0]!.v).toBe(`a${i}b`))
            : i % 3 === 1
              ? pool.query<{ v: number }>("SELECT $1::int + 1 AS v", [i]).then((r) => expect(r.rows[0]!.v).toBe(i + 1))
              : pool
                  .query<{ v: string }>("SELECT $1::text AS v, $2::int AS w, $3::bool AS x", [`c${i}`, i, true])
                  .then((r) => expect(r.rows[0]!.v).toBe(`c${i}`)),
        );
      }
      await Promise.all(work);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
