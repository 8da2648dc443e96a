import pg from "pg";
import { vi } from "vitest";

/**
 * The statements `run` sends to Postgres but the rate limiter's (rate-limiter-flexible's ApiRateLimit rows, whose
 * number depends on the second a call falls in, with the transaction each write runs in: lib/db.ts
 * withoutWaitingForDisk), in order: the first 160 characters, spaces folded.
 */
export async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const query = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    const statements = query.mock.calls.map(([first]) => {
      const text = typeof first === "string" ? first : (first as { text?: string }).text;
      return String(text).replace(/\s+/g, " ").trim();
    });
    return withoutLimiter(statements).map((text) => text.slice(0, 160));
  } finally {
    query.mockRestore();
  }
}

const RELAXED_TRANSACTION = ["BEGIN", "SET LOCAL synchronous_commit = off"];

function withoutLimiter(statements: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < statements.length; i++) {
    if (!statements[i]!.includes('"ApiRateLimit"')) {
      kept.push(statements[i]!);
      continue;
    }
    // A write of the limiter's: its transaction goes with it.
    if (kept.slice(-2).join("|") === RELAXED_TRANSACTION.join("|") && statements[i + 1] === "COMMIT") {
      kept.splice(-2);
      i++;
    }
  }
  return kept;
}
