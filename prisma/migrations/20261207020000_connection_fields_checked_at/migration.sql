-- When the provider's fields (Mailchimp's merge fields) were last found as the connection needs them: a push within
-- a while of it does not look them up again, so a small delta costs only its own writes.
ALTER TABLE "Connection" ADD COLUMN "fieldsCheckedAt" TIMESTAMPTZ(3);
