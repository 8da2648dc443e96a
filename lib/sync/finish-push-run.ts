import { db } from "../db";
import { finishRun } from "./sync-runs";

/** Closes a push run: PARTIAL when some clients failed, and stamps the connection's last successful sync. */
export async function finishPushRun(input: { runId: string; connectionId: string }): Promise<void> {
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: input.runId }, select: { failed: true } });
  await finishRun(input.runId, run.failed > 0 ? "PARTIAL" : "SUCCEEDED");
  await db.constantContactConnection.update({ where: { id: input.connectionId }, data: { lastSyncedAt: new Date(), lastError: null } });
}
