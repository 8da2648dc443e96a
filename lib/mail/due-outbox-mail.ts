import { db } from "../db";

/**
 * What the outbox sweep sends: emails whose delivery was never asked for or failed for now (PENDING and due), and
 * emails whose worker died mid-send (SENDING past its lease). Oldest first, a bounded batch per tick.
 */
export async function dueOutboxMail(now = new Date(), limit = 100): Promise<string[]> {
  const rows = await db.mailOutbox.findMany({
    where: {
      OR: [
        { status: "PENDING", nextAttemptAt: { lte: now } },
        { status: "SENDING", leaseUntil: { lt: now } },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: { id: true },
    take: limit,
  });
  return rows.map((r) => r.id);
}
