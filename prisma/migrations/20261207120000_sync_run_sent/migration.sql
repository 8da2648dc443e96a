-- A change-driven push on a day whose budget is batching changes sends its imports and ends as SENT: Constant
-- Contact's answer is read with the connection's next unsubscribe check, several imports in one call
-- (lib/sync/push.ts settleSentRuns). The batches still to be read are kept on the run.
ALTER TYPE "SyncRunStatus" ADD VALUE 'SENT';
ALTER TABLE "SyncRun" ADD COLUMN "awaitingBatchIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
