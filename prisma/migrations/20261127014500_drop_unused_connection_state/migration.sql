-- AlterTable: syncedGeneration was never read; a full sync is driven by ConstantContactConnection.fullSyncGeneration.
ALTER TABLE "ClientSyncState" DROP COLUMN "syncedGeneration";

-- AlterEnum: CONNECTING was never assigned (a connection row is written once tokens exist, as NEEDS_LIST).
-- Postgres cannot drop an enum value, so the type is rebuilt. A row in that state would be a connection that never
-- finished, which is what DISCONNECTED shows ("Connect Business"). The runner wraps this file in a transaction.
UPDATE "ConstantContactConnection" SET "status" = 'DISCONNECTED' WHERE "status" = 'CONNECTING';
CREATE TYPE "ConnectionStatus_new" AS ENUM ('NEEDS_LIST', 'ACTIVE', 'NEEDS_RECONNECT', 'DISCONNECTED');
ALTER TABLE "ConstantContactConnection" ALTER COLUMN "status" TYPE "ConnectionStatus_new" USING ("status"::text::"ConnectionStatus_new");
ALTER TYPE "ConnectionStatus" RENAME TO "ConnectionStatus_old";
ALTER TYPE "ConnectionStatus_new" RENAME TO "ConnectionStatus";
DROP TYPE "ConnectionStatus_old";
