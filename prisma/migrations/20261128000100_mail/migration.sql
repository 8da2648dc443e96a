-- AlterTable
ALTER TABLE "ConsentEvent" ADD COLUMN "actorClientId" UUID;
ALTER TABLE "ClientPortalToken" ADD COLUMN "sentToEmail" TEXT;

-- CreateEnum
CREATE TYPE "MailKind" AS ENUM ('PORTAL_INVITATION', 'ALERT_OPENED', 'ALERT_RESOLVED');
CREATE TYPE "MailStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');
CREATE TYPE "AlertKind" AS ENUM ('RECONNECT_NEEDED', 'QUOTA_PAUSED', 'RUN_FAILED', 'CLIENTS_UNSENDABLE', 'UNSUBSCRIBE_CHECK_FAILING');

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" "MailKind" NOT NULL,
    "toEmail" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "secretEnc" TEXT,
    "messageId" TEXT NOT NULL,
    "status" "MailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" TIMESTAMPTZ(3),
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "MailOutbox_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AlertIncident" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "businessId" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "openKey" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AlertIncident_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AlertPreference" (
    "userId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AlertPreference_pkey" PRIMARY KEY ("userId","businessId","kind")
);

-- CreateIndex
CREATE UNIQUE INDEX "MailOutbox_idempotencyKey_key" ON "MailOutbox"("idempotencyKey");
CREATE INDEX "MailOutbox_status_nextAttemptAt_idx" ON "MailOutbox"("status", "nextAttemptAt");
CREATE INDEX "MailOutbox_businessId_createdAt_idx" ON "MailOutbox"("businessId", "createdAt");
CREATE UNIQUE INDEX "AlertIncident_openKey_key" ON "AlertIncident"("openKey");
CREATE INDEX "AlertIncident_businessId_openedAt_idx" ON "AlertIncident"("businessId", "openedAt");
