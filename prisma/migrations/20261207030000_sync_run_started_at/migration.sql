-- The push plan reads the platform's push runs of the last day, across businesses.
CREATE INDEX "SyncRun_startedAt_idx" ON "SyncRun"("startedAt");
