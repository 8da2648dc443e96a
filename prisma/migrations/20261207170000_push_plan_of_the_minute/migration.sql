-- The push plan of the minute, shared by every app process (lib/sync/push-pace.ts planOfTheMinute): one aggregate of
-- the day's push runs a minute for the platform, not one per process.
CREATE TABLE "PushPlanOfTheMinute" (
    "provider" "Provider" NOT NULL,
    "madeAt" TIMESTAMPTZ(3) NOT NULL,
    "plan" JSONB NOT NULL,

    CONSTRAINT "PushPlanOfTheMinute_pkey" PRIMARY KEY ("provider")
);
