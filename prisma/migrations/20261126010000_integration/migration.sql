-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('CONNECTING', 'NEEDS_LIST', 'ACTIVE', 'NEEDS_RECONNECT', 'DISCONNECTED');
CREATE TYPE "ClientSyncStatus" AS ENUM ('PENDING', 'SYNCED', 'FAILED', 'NOT_OPTED_IN', 'UNSUBSCRIBED_IN_CC', 'NO_EMAIL');
CREATE TYPE "SyncRunKind" AS ENUM ('FULL', 'DELTA', 'UNSUBSCRIBE_PULL', 'RECONCILE');
CREATE TYPE "SyncRunTrigger" AS ENUM ('LIST_SAVED', 'RECONNECTED', 'CLIENT_CHANGE', 'SCHEDULE', 'MANUAL', 'RETRY');
CREATE TYPE "SyncRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED', 'PAUSED');

-- AlterTable
ALTER TABLE "Client" ADD COLUMN "syncPending" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Client" ADD COLUMN "portalPasswordHash" TEXT;

-- CreateTable
CREATE TABLE "ConstantContactConnection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "status" "ConnectionStatus" NOT NULL,
    "ccAccountId" TEXT,
    "ccAccountName" TEXT,
    "scopes" TEXT,
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "accessTokenExpiresAt" TIMESTAMPTZ(3),
    "listId" TEXT,
    "listName" TEXT,
    "listChosenAt" TIMESTAMPTZ(3),
    "syncGeneration" INTEGER NOT NULL DEFAULT 0,
    "connectedByUserId" UUID,
    "connectedAt" TIMESTAMPTZ(3),
    "disconnectedAt" TIMESTAMPTZ(3),
    "unsubscribeWatermark" TIMESTAMPTZ(3),
    "lastUnsubscribePullAt" TIMESTAMPTZ(3),
    "lastSyncedAt" TIMESTAMPTZ(3),
    "quotaPausedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ConstantContactConnection_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "OAuthState" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "stateHash" TEXT NOT NULL,
    "businessId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "impersonatorUserId" UUID,
    "codeVerifierEnc" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ClientSyncState" (
    "clientId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "status" "ClientSyncStatus" NOT NULL,
    "syncedVersion" INTEGER NOT NULL DEFAULT 0,
    "syncedGeneration" INTEGER NOT NULL DEFAULT 0,
    "syncedEmail" TEXT,
    "syncedListId" TEXT,
    "ccContactId" TEXT,
    "lastSentAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ClientSyncState_pkey" PRIMARY KEY ("clientId")
);

CREATE TABLE "SyncRun" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "kind" "SyncRunKind" NOT NULL,
    "trigger" "SyncRunTrigger" NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'RUNNING',
    "phase" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "considered" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "unsubscribesPulled" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "apiCalls" INTEGER NOT NULL DEFAULT 0,
    "activityPercent" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ClientPortalToken" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tokenHash" TEXT NOT NULL,
    "clientId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "createdByUserId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClientPortalToken_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "PortalSession" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tokenHash" TEXT NOT NULL,
    "clientId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PortalSession_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Impersonation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "supportUserId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Impersonation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Client_businessId_syncPending_idx" ON "Client"("businessId", "syncPending");
CREATE UNIQUE INDEX "ConstantContactConnection_businessId_key" ON "ConstantContactConnection"("businessId");
CREATE UNIQUE INDEX "OAuthState_stateHash_key" ON "OAuthState"("stateHash");
CREATE INDEX "OAuthState_expiresAt_idx" ON "OAuthState"("expiresAt");
CREATE INDEX "ClientSyncState_businessId_status_idx" ON "ClientSyncState"("businessId", "status");
CREATE INDEX "ClientSyncState_businessId_syncedEmail_idx" ON "ClientSyncState"("businessId", "syncedEmail");
CREATE INDEX "SyncRun_businessId_startedAt_idx" ON "SyncRun"("businessId", "startedAt");
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");
CREATE UNIQUE INDEX "ClientPortalToken_tokenHash_key" ON "ClientPortalToken"("tokenHash");
CREATE INDEX "ClientPortalToken_clientId_idx" ON "ClientPortalToken"("clientId");
CREATE UNIQUE INDEX "PortalSession_tokenHash_key" ON "PortalSession"("tokenHash");
CREATE INDEX "PortalSession_clientId_idx" ON "PortalSession"("clientId");
CREATE INDEX "Impersonation_supportUserId_endedAt_idx" ON "Impersonation"("supportUserId", "endedAt");

-- AddForeignKey
ALTER TABLE "ConstantContactConnection" ADD CONSTRAINT "ConstantContactConnection_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ClientSyncState" ADD CONSTRAINT "ClientSyncState_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ConstantContactConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
