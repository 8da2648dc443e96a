-- The sync outbox moves out of "Client" (issue 13). The indexed flag "Client"."syncPending" made every batch's
-- bookkeeping an UPDATE of up to 40,000 clients: as the column was indexed, none of those updates could be HOT, so
-- each wrote a new entry into all nine indexes of "Client" (three trigram GIN indexes among them). Now a client with
-- something left to send has a row in "ClientSyncPending", and recording a sent batch deletes narrow rows.
--
-- The rows are written by triggers, in the same statement as the change they announce, so no writer can forget
-- them: a new client is pending, and so is every client whose "syncVersion" is bumped. The row carries the version
-- to send; the bookkeeping of a batch deletes it only while it still holds the version that batch sent (a change
-- made meanwhile updated the row, and the row lock orders the two), so no edit is ever lost.

-- CreateTable
CREATE TABLE "ClientSyncPending" (
    "clientId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClientSyncPending_pkey" PRIMARY KEY ("clientId")
);

-- CreateIndex
CREATE INDEX "ClientSyncPending_businessId_clientId_idx" ON "ClientSyncPending"("businessId", "clientId");

-- AddForeignKey
ALTER TABLE "ClientSyncPending" ADD CONSTRAINT "ClientSyncPending_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What was pending stays pending, at the version it had.
INSERT INTO "ClientSyncPending" ("clientId", "businessId", "version", "since")
SELECT "id", "businessId", "syncVersion", "updatedAt" FROM "Client" WHERE "syncPending";

DROP INDEX "Client_businessId_syncPending_idx";
ALTER TABLE "Client" DROP COLUMN "syncPending";

-- Statement-level triggers with transition tables: a bulk insert or update of clients queues them in one statement,
-- not one trigger call per row. "since" keeps the time of the oldest unsent change (ON CONFLICT leaves it).
CREATE FUNCTION "client_sync_pending_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ClientSyncPending" ("clientId", "businessId", "version")
  SELECT n."id", n."businessId", n."syncVersion" FROM new_rows n
  ON CONFLICT ("clientId") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN NULL;
END $$;

CREATE FUNCTION "client_sync_pending_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ClientSyncPending" ("clientId", "businessId", "version")
  SELECT n."id", n."businessId", n."syncVersion" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
  WHERE n."syncVersion" IS DISTINCT FROM o."syncVersion"
  ON CONFLICT ("clientId") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN NULL;
END $$;

CREATE TRIGGER "Client_sync_pending_inserted" AFTER INSERT ON "Client"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "client_sync_pending_inserted"();

CREATE TRIGGER "Client_sync_pending_updated" AFTER UPDATE ON "Client"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "client_sync_pending_updated"();
