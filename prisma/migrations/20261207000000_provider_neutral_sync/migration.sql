-- One sync core for several mailing-list providers (Constant Contact, Mailchimp). A business may connect each
-- provider once; what a client's sync state and queue hold is per connection, because each provider's list
-- receives a change on its own schedule. Existing data belongs to the Constant Contact connection of its business.

CREATE TYPE "Provider" AS ENUM ('CONSTANT_CONTACT', 'MAILCHIMP');
ALTER TYPE "ConsentChangeSource" ADD VALUE 'MAILCHIMP';
ALTER TYPE "ClientSyncStatus" RENAME VALUE 'UNSUBSCRIBED_IN_CC' TO 'UNSUBSCRIBED_IN_PROVIDER';

-- The connection: one per business and provider.
ALTER TABLE "ConstantContactConnection" RENAME TO "Connection";
ALTER TABLE "Connection" RENAME CONSTRAINT "ConstantContactConnection_pkey" TO "Connection_pkey";
ALTER TABLE "Connection" RENAME CONSTRAINT "ConstantContactConnection_businessId_fkey" TO "Connection_businessId_fkey";
DROP INDEX "ConstantContactConnection_businessId_key";
ALTER TABLE "Connection" ADD COLUMN "provider" "Provider" NOT NULL DEFAULT 'CONSTANT_CONTACT';
ALTER TABLE "Connection" ALTER COLUMN "provider" DROP DEFAULT;
CREATE UNIQUE INDEX "Connection_businessId_provider_key" ON "Connection"("businessId", "provider");
ALTER TABLE "Connection" RENAME COLUMN "ccAccountId" TO "accountId";
ALTER TABLE "Connection" RENAME COLUMN "ccAccountName" TO "accountName";
ALTER TABLE "Connection" ADD COLUMN "apiEndpoint" TEXT;
ALTER TABLE "Connection" ADD COLUMN "webhookId" TEXT;
ALTER TABLE "Connection" ADD COLUMN "webhookSecretHash" TEXT;

-- OAuth state knows which provider's flow it belongs to; Mailchimp has no PKCE, so no verifier.
ALTER TABLE "OAuthState" ADD COLUMN "provider" "Provider" NOT NULL DEFAULT 'CONSTANT_CONTACT';
ALTER TABLE "OAuthState" ALTER COLUMN "provider" DROP DEFAULT;
ALTER TABLE "OAuthState" ALTER COLUMN "codeVerifierEnc" DROP NOT NULL;

-- Per-client sync state: per connection.
ALTER TABLE "ClientSyncState" ADD COLUMN "connectionId" UUID;
UPDATE "ClientSyncState" s SET "connectionId" = k."id" FROM "Connection" k WHERE k."businessId" = s."businessId";
DELETE FROM "ClientSyncState" WHERE "connectionId" IS NULL;
ALTER TABLE "ClientSyncState" ALTER COLUMN "connectionId" SET NOT NULL;
ALTER TABLE "ClientSyncState" DROP CONSTRAINT "ClientSyncState_pkey";
ALTER TABLE "ClientSyncState" ADD CONSTRAINT "ClientSyncState_pkey" PRIMARY KEY ("connectionId", "clientId");
ALTER TABLE "ClientSyncState" ADD CONSTRAINT "ClientSyncState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ClientSyncState" RENAME COLUMN "ccContactId" TO "remoteId";
ALTER TABLE "ClientSyncState" RENAME COLUMN "inFlightActivityId" TO "inFlightBatchId";
DROP INDEX "ClientSyncState_businessId_status_idx";
DROP INDEX "ClientSyncState_businessId_syncedEmail_idx";
DROP INDEX "ClientSyncState_inFlightActivityId_idx";
CREATE INDEX "ClientSyncState_connectionId_status_idx" ON "ClientSyncState"("connectionId", "status");
CREATE INDEX "ClientSyncState_connectionId_syncedEmail_idx" ON "ClientSyncState"("connectionId", "syncedEmail");
CREATE INDEX "ClientSyncState_connectionId_inFlightBatchId_idx" ON "ClientSyncState"("connectionId", "inFlightBatchId");
CREATE INDEX "ClientSyncState_clientId_idx" ON "ClientSyncState"("clientId");

-- The queue: per connection. Rows of businesses without a connection go: connecting starts a full sync.
ALTER TABLE "ClientSyncPending" ADD COLUMN "connectionId" UUID;
UPDATE "ClientSyncPending" p SET "connectionId" = k."id" FROM "Connection" k WHERE k."businessId" = p."businessId";
DELETE FROM "ClientSyncPending" WHERE "connectionId" IS NULL;
ALTER TABLE "ClientSyncPending" ALTER COLUMN "connectionId" SET NOT NULL;
ALTER TABLE "ClientSyncPending" DROP CONSTRAINT "ClientSyncPending_pkey";
ALTER TABLE "ClientSyncPending" ADD CONSTRAINT "ClientSyncPending_pkey" PRIMARY KEY ("connectionId", "clientId");
ALTER TABLE "ClientSyncPending" ADD CONSTRAINT "ClientSyncPending_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
DROP INDEX "ClientSyncPending_businessId_clientId_idx";
CREATE INDEX "ClientSyncPending_clientId_idx" ON "ClientSyncPending"("clientId");

-- The triggers queue a changed client for every connection of its business that is not disconnected (a
-- disconnected one gets a full sync when it reconnects).
CREATE OR REPLACE FUNCTION "client_sync_pending_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ClientSyncPending" ("connectionId", "clientId", "businessId", "version")
  SELECT k."id", n."id", n."businessId", n."syncVersion"
  FROM new_rows n JOIN "Connection" k ON k."businessId" = n."businessId" AND k."status" <> 'DISCONNECTED'
  ON CONFLICT ("connectionId", "clientId") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "client_sync_pending_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ClientSyncPending" ("connectionId", "clientId", "businessId", "version")
  SELECT k."id", n."id", n."businessId", n."syncVersion"
  FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    JOIN "Connection" k ON k."businessId" = n."businessId" AND k."status" <> 'DISCONNECTED'
  WHERE n."syncVersion" IS DISTINCT FROM o."syncVersion"
  ON CONFLICT ("connectionId", "clientId") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN NULL;
END $$;

-- The ledger and the limiter's counters count every provider's calls.
ALTER TYPE "CcCallKind" RENAME TO "ApiCallKind";
ALTER TABLE "CcCallLedger" RENAME TO "ApiCallLedger";
ALTER TABLE "ApiCallLedger" ADD COLUMN "provider" "Provider" NOT NULL DEFAULT 'CONSTANT_CONTACT';
ALTER TABLE "ApiCallLedger" ALTER COLUMN "provider" DROP DEFAULT;
ALTER TABLE "ApiCallLedger" DROP CONSTRAINT "CcCallLedger_pkey";
ALTER TABLE "ApiCallLedger" ADD CONSTRAINT "ApiCallLedger_pkey" PRIMARY KEY ("hour", "provider", "kind", "businessId");
ALTER INDEX "CcCallLedger_businessId_hour_idx" RENAME TO "ApiCallLedger_businessId_hour_idx";
ALTER TABLE "CcRateLimit" RENAME TO "ApiRateLimit";
ALTER TABLE "ApiRateLimit" RENAME CONSTRAINT "CcRateLimit_pkey" TO "ApiRateLimit_pkey";

-- Alerts are per provider: a broken Mailchimp sync and a broken Constant Contact sync are two incidents.
ALTER TABLE "AlertIncident" ADD COLUMN "provider" "Provider" NOT NULL DEFAULT 'CONSTANT_CONTACT';
ALTER TABLE "AlertIncident" ALTER COLUMN "provider" DROP DEFAULT;
UPDATE "AlertIncident" SET "openKey" = "businessId" || ':CONSTANT_CONTACT:' || "kind" WHERE "openKey" IS NOT NULL;
