-- CreateEnum
CREATE TYPE "CcCallKind" AS ENUM ('INTERACTIVE', 'PUSH', 'RECONCILE', 'UNSUBSCRIBE_PULL');

-- CreateTable
CREATE TABLE "CcCallLedger" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "kind" "CcCallKind" NOT NULL,
    "businessId" UUID NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CcCallLedger_pkey" PRIMARY KEY ("hour", "kind", "businessId")
);

-- CreateIndex
CREATE INDEX "CcCallLedger_businessId_hour_idx" ON "CcCallLedger"("businessId", "hour");

-- CreateTable: the columns rate-limiter-flexible's RateLimiterPostgres reads and writes.
CREATE TABLE "CcRateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "CcRateLimit_pkey" PRIMARY KEY ("key")
);
