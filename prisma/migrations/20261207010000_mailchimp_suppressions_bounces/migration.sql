-- What a provider will not send to, and what bounced. A Mailchimp member who unsubscribed or was cleaned there can
-- never be set back to subscribed (Mailchimp refuses: "Member In Compliance State"), so the push must know before it
-- writes a row; "Suppression" is that knowledge, per connection and address, fed by webhooks, pulls and our own
-- removals. "EmailBounce" is what the front desk sees: an address that did not arrive, with the kind in plain words.

CREATE TYPE "SuppressionKind" AS ENUM ('UNSUBSCRIBED', 'CLEANED');
CREATE TYPE "BounceKind" AS ENUM ('NON_EXISTENT', 'UNDELIVERABLE', 'MAILBOX_FULL', 'BLOCKED', 'AUTO_REPLY', 'OTHER');
ALTER TYPE "ClientSyncStatus" ADD VALUE 'BOUNCED';

CREATE TABLE "Suppression" (
    "connectionId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "kind" "SuppressionKind" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("connectionId", "email")
);
ALTER TABLE "Suppression" ADD CONSTRAINT "Suppression_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "EmailBounce" (
    "connectionId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "businessId" UUID NOT NULL,
    "kind" "BounceKind" NOT NULL,
    "code" TEXT,
    "campaignName" TEXT,
    "bouncedAt" TIMESTAMPTZ(3) NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailBounce_pkey" PRIMARY KEY ("connectionId", "email")
);
CREATE INDEX "EmailBounce_businessId_email_idx" ON "EmailBounce"("businessId", "email");
ALTER TABLE "EmailBounce" ADD CONSTRAINT "EmailBounce_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- When bounces were last read from the provider (the Constant Contact page says so), and up to when.
ALTER TABLE "Connection" ADD COLUMN "bounceWatermark" TIMESTAMPTZ(3);
ALTER TABLE "Connection" ADD COLUMN "lastBouncePullAt" TIMESTAMPTZ(3);
