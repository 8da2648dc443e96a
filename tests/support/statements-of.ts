import pg from "pg";
import { vi } from "vitest";

/**
 * The statements `run` sends to Postgres but the rate limiter's (rate-limiter-flexible's ApiRateLimit rows, whose
 * number depends on the second a call falls in), in order: the first 160 characters, spaces folded.
 */
export async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const query = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    const statements = query.mock.calls.map(([first]) => {
      const text = typeof first === "string" ? first : (first as { text?: string }).text;
      return String(text).replace(/\s+/g, " ").trim();
    });
    return statements.filter((text) => !text.includes('"ApiRateLimit"')).map((text) => text.slice(0, 160));
  } finally {
    query.mockRestore();
  }
}
