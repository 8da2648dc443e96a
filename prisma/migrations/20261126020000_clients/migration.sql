-- Clients: idempotent creation and fast substring search.

-- The "New client" form sends a key generated once per form; a double click or a retried request finds the
-- client the first submission created instead of making a second one. Null for clients made elsewhere
-- (seed, import): Postgres treats NULLs as distinct, so they never collide.
ALTER TABLE "Client" ADD COLUMN "creationKey" UUID;
CREATE UNIQUE INDEX "Client_businessId_creationKey_key" ON "Client"("businessId", "creationKey");

-- Staff search clients by any part of a name or email ("ann" finds "Joanna"), so a prefix index is not enough.
-- Trigram GIN indexes answer ILIKE '%term%' from the index; the business filter then intersects with the
-- (businessId, ...) btree indexes, so a 100,000-client business does not scan its rows. Terms shorter than
-- three characters cannot use trigrams: the list query orders by the (businessId, lastName, firstName, id)
-- index and stops at one page, which stays fast for such short, common terms.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Client_firstName_trgm_idx" ON "Client" USING gin ("firstName" gin_trgm_ops);
CREATE INDEX "Client_lastName_trgm_idx" ON "Client" USING gin ("lastName" gin_trgm_ops);
CREATE INDEX "Client_emailNormalized_trgm_idx" ON "Client" USING gin ("emailNormalized" gin_trgm_ops);
