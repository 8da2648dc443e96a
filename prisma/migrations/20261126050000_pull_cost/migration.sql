-- AlterTable
ALTER TABLE "ConstantContactConnection" ADD COLUMN "lastUnsubscribePullCalls" INTEGER NOT NULL DEFAULT 2;
