-- Each connection's unsubscribes a day as its pulls found them: the pull schedule gives each connection its own
-- interval by it (lib/sync/pull-schedule.ts connectionPullIntervals).
ALTER TABLE "Connection" ADD COLUMN "unsubscribesPerDay" DOUBLE PRECISION NOT NULL DEFAULT 0;
