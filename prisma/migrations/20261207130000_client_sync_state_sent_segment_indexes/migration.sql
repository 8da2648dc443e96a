-- Every push run asks whether any client's client type or groups were ever sent to the connection's provider
-- (lib/sync/segments.ts resolveSegmentFields). Without these it scans the connection's states (100,000 rows at the
-- largest businesses, once a run); with them it is one probe of an index that holds only the states carrying a value.
CREATE INDEX "ClientSyncState_sentClientType_idx" ON "ClientSyncState"("connectionId") WHERE "syncedClientType" IS NOT NULL;
CREATE INDEX "ClientSyncState_sentGroups_idx" ON "ClientSyncState"("connectionId") WHERE "syncedGroups" IS NOT NULL;
