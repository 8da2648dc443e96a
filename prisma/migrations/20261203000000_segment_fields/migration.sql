-- Segments in Constant Contact (issue 11): the owner's choice of what is sent besides name, email and city, and per
-- client what was last sent (and what is in flight) as the "Client type" and "Client groups" custom fields.

-- AlterTable
ALTER TABLE "ConstantContactConnection" ADD COLUMN "sendClientType" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "sendGroups" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "segmentFieldsError" TEXT;

-- AlterTable
ALTER TABLE "ClientSyncState" ADD COLUMN "syncedClientType" TEXT,
ADD COLUMN "syncedGroups" TEXT,
ADD COLUMN "inFlightClientType" TEXT,
ADD COLUMN "inFlightGroups" TEXT,
ADD COLUMN "segmentNote" TEXT;
