// The sync outbox, written in the same update as the change it announces: a new version to send and the
// indexed "something is left to send" flag. Because both commit with the change, a crash right after commit
// loses nothing; the reconcile sweep finds the client even if the sync event never goes out.

export const MARK_SYNC_PENDING = { syncVersion: { increment: 1 }, syncPending: true } as const;
