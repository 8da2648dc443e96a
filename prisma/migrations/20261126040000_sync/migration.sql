-- AlterTable
ALTER TABLE "ClientSyncState" ADD COLUMN "inFlightActivityId" TEXT;
ALTER TABLE "ClientSyncState" ADD COLUMN "inFlightVersion" INTEGER;
ALTER TABLE "ClientSyncState" ADD COLUMN "inFlightEmail" TEXT;

-- CreateIndex
CREATE INDEX "ClientSyncState_inFlightActivityId_idx" ON "ClientSyncState"("inFlightActivityId");

-- AlterTable
ALTER TABLE "ConstantContactConnection" ADD COLUMN "fullSyncGeneration" INTEGER NOT NULL DEFAULT 0;
