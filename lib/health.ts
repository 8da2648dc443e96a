import { db } from "./db";

export async function checkDatabase(): Promise<{ ok: boolean; latencyMs?: number; error?: string }> {
  const started = Date.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    // The message names the problem (refused, auth) without echoing the connection string.
    return {
      ok: false,
      error: (error as Error).message.split("\n")[0]?.replace(/postgres(ql)?:\/\/\S+/g, "[database]"),
    };
  }
}
