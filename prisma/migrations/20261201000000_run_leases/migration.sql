-- AlterEnum
ALTER TYPE "SyncRunStatus" ADD VALUE 'INTERRUPTED';

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "leaseExpiresAt" TIMESTAMPTZ(3);

-- Runs in progress during the upgrade get an hour: a live one renews its lease at its next step, a dead one is
-- then closed as INTERRUPTED.
UPDATE "SyncRun" SET "leaseExpiresAt" = now() + interval '1 hour' WHERE "status" = 'RUNNING';

-- CreateTable
CREATE TABLE "JobLock" (
    "key" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "JobLock_pkey" PRIMARY KEY ("key")
);
