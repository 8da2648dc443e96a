import { describe, expect, it } from "vitest";
import { parseEnv, parseJobsEnv } from "./env";

const KEY = Buffer.alloc(32, 7).toString("base64");
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://app:secret@db.internal:5432/studio",
  NEXTAUTH_SECRET: "x".repeat(40),
  TOKEN_ENCRYPTION_KEY: KEY,
  APP_URL: "https://studio.example.com",
  CC_CLIENT_ID: "real-id",
  CC_CLIENT_SECRET: "real-secret",
  CC_AUTH_BASE_URL: "https://authz.constantcontact.com/oauth2/default/v1",
  CC_API_BASE_URL: "https://api.cc.email/v3",
  SMTP_URL: "smtps://mailer:secret@smtp.example.com:465",
  MAIL_FROM: "Studio Manager <alerts@studio.example.com>",
};

describe("parseEnv", () => {
  it("accepts a complete production configuration", () => {
    const env = parseEnv(production);
    expect(env.CC_API_BASE_URL).toBe("https://api.cc.email/v3");
    expect(env.CC_REQUESTS_PER_SECOND).toBe(4);
  });

  it("names every missing production secret", () => {
    const { NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY, ...rest } = production;
    void NEXTAUTH_SECRET;
    void TOKEN_ENCRYPTION_KEY;
    expect(() => parseEnv(rest)).toThrow(
      "Missing required setting(s) in production: NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY",
    );
  });

  it("demands Inngest's keys in production with JOBS_MODE=inngest, unless it talks to a local Inngest Dev Server", () => {
    expect(() => parseEnv({ ...production, JOBS_MODE: "inngest" })).toThrow(
      "Missing required setting(s) in production: INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY",
    );
    expect(() => parseEnv({ ...production, JOBS_MODE: "inngest", INNGEST_EVENT_KEY: "key" })).toThrow(
      "Missing required setting(s) in production: INNGEST_SIGNING_KEY",
    );
    const keys = { INNGEST_EVENT_KEY: "event-key", INNGEST_SIGNING_KEY: "signkey-prod-0123" };
    expect(parseEnv({ ...production, JOBS_MODE: "inngest", ...keys }).JOBS_MODE).toBe("inngest");
    expect(parseEnv({ ...production, JOBS_MODE: "inngest", INNGEST_DEV: "1" }).JOBS_MODE).toBe("inngest");
    expect(parseEnv(production).JOBS_MODE).toBe("local");
  });

  it("demands the mail settings in production and explains malformed ones", () => {
    const { SMTP_URL, MAIL_FROM, ...rest } = production;
    void SMTP_URL;
    void MAIL_FROM;
    expect(() => parseEnv(rest)).toThrow("Missing required setting(s) in production: SMTP_URL, MAIL_FROM");
    expect(() => parseEnv({ ...production, SMTP_URL: "https://smtp.example.com" })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => parseEnv({ ...production, MAIL_FROM: "Studio <not an address>" })).toThrow(
      /MAIL_FROM: must be an address/,
    );
    expect(parseEnv(production).MAIL_FROM).toBe("Studio Manager <alerts@studio.example.com>");
  });

  it("explains a malformed DATABASE_URL and a short key", () => {
    expect(() => parseEnv({ ...production, DATABASE_URL: "mysql://nope" })).toThrow(
      /DATABASE_URL: must be a postgresql:\/\/ URL/,
    );
    expect(() => parseEnv({ ...production, TOKEN_ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(
      /TOKEN_ENCRYPTION_KEY: must be 32 bytes/,
    );
  });

  it("takes a redis:// URL for the limiter's counters, treats an empty one as unset, and explains a malformed one", () => {
    expect(parseEnv({ ...production, REDIS_URL: "redis://cache.internal:6379" }).REDIS_URL).toBe(
      "redis://cache.internal:6379",
    );
    expect(parseEnv({ ...production, REDIS_URL: "rediss://:pw@cache.internal:6380/0" }).REDIS_URL).toBe(
      "rediss://:pw@cache.internal:6380/0",
    );
    expect(parseEnv({ ...production, REDIS_URL: "" }).REDIS_URL).toBeUndefined();
    expect(() => parseEnv({ ...production, REDIS_URL: "http://cache.internal" })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it("refuses ALLOW_DEV_DEFAULTS in production unless the test stack asks for it (TEST_STACK=1)", () => {
    const { NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY, ...withoutSecrets } = production;
    void NEXTAUTH_SECRET;
    void TOKEN_ENCRYPTION_KEY;
    // Left on a real server, it would silently switch off the secrets check: refused, even with every secret set.
    expect(() => parseEnv({ ...withoutSecrets, ALLOW_DEV_DEFAULTS: "1" })).toThrow(
      "ALLOW_DEV_DEFAULTS is for tests only and is refused in production",
    );
    expect(() => parseEnv({ ...production, ALLOW_DEV_DEFAULTS: "1" })).toThrow("ALLOW_DEV_DEFAULTS is for tests only");
    expect(() => parseEnv({ ...production, ALLOW_DEV_DEFAULTS: "0" })).toThrow("ALLOW_DEV_DEFAULTS is for tests only");
    // The browser-test stack (`next start` is always NODE_ENV=production) asks explicitly and runs on development secrets.
    const testStack = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://localhost/e2e",
      ALLOW_DEV_DEFAULTS: "1",
      TEST_STACK: "1",
    });
    expect(testStack.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(testStack.CC_API_BASE_URL).toBe("http://127.0.0.1:4010/v3");
    // TEST_STACK alone changes nothing: the secrets are still demanded.
    expect(() => parseEnv({ ...withoutSecrets, TEST_STACK: "1" })).toThrow(
      "Missing required setting(s) in production: NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY",
    );
  });

  it("generates development secrets and defaults to the sandbox", () => {
    const env = parseEnv({ NODE_ENV: "development", DATABASE_URL: "postgresql://localhost/dev" });
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(env.TOKEN_ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(env.CC_AUTH_BASE_URL).toBe("http://127.0.0.1:4010/oauth2/default/v1");
  });
});

describe("parseJobsEnv (the non-secret settings)", () => {
  it("reads the job settings in production without demanding the secrets", () => {
    expect(
      parseJobsEnv({
        NODE_ENV: "production",
        CC_CLIENT_ID: "real-id",
        CC_REQUESTS_PER_SECOND: "2",
        SYNC_DEBOUNCE_SECONDS: "30",
        SYNC_PLAN_STEP_SECONDS: "120",
        JOBS_MODE: "inngest",
        MC_CONCURRENT_CALLS: "5",
      }),
    ).toEqual({
      CC_CLIENT_ID: "real-id",
      CC_REQUESTS_PER_SECOND: 2,
      CC_DAILY_CALL_BUDGET: 10_000,
      MC_CONCURRENT_CALLS: 5,
      SYNC_DEBOUNCE_SECONDS: 30,
      SYNC_PLAN_STEP_SECONDS: 120,
      JOBS_MODE: "inngest",
    });
  });

  it("has the same defaults as the full settings", () => {
    const {
      CC_CLIENT_ID,
      CC_REQUESTS_PER_SECOND,
      CC_DAILY_CALL_BUDGET,
      MC_CONCURRENT_CALLS,
      SYNC_DEBOUNCE_SECONDS,
      SYNC_PLAN_STEP_SECONDS,
      JOBS_MODE,
    } = parseEnv({
      NODE_ENV: "development",
      DATABASE_URL: "postgresql://localhost/dev",
    });
    expect(parseJobsEnv({})).toEqual({
      CC_CLIENT_ID,
      CC_REQUESTS_PER_SECOND,
      CC_DAILY_CALL_BUDGET,
      MC_CONCURRENT_CALLS,
      SYNC_DEBOUNCE_SECONDS,
      SYNC_PLAN_STEP_SECONDS,
      JOBS_MODE,
    });
    expect(parseJobsEnv({})).toMatchObject({
      CC_CLIENT_ID: "sandbox-client-id",
      MC_CONCURRENT_CALLS: 8,
      SYNC_DEBOUNCE_SECONDS: 60,
      SYNC_PLAN_STEP_SECONDS: 300,
      JOBS_MODE: "local",
    });
  });

  it("applies the same bounds as the full settings: a debounce of at least 1 s (Inngest's minimum)", () => {
    expect(() => parseJobsEnv({ SYNC_DEBOUNCE_SECONDS: "0" })).toThrow(/SYNC_DEBOUNCE_SECONDS/);
    expect(() => parseEnv({ ...production, SYNC_DEBOUNCE_SECONDS: "0" })).toThrow(/SYNC_DEBOUNCE_SECONDS/);
    expect(parseJobsEnv({ SYNC_DEBOUNCE_SECONDS: "1" }).SYNC_DEBOUNCE_SECONDS).toBe(1);
    expect(() => parseJobsEnv({ CC_REQUESTS_PER_SECOND: "500" })).toThrow(/CC_REQUESTS_PER_SECOND/);
    expect(() => parseJobsEnv({ JOBS_MODE: "cloud" })).toThrow(/JOBS_MODE/);
  });
});
