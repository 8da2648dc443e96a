import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

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
    expect(() => parseEnv(rest)).toThrow("Missing required setting(s) in production: NEXTAUTH_SECRET, TOKEN_ENCRYPTION_KEY");
  });

  it("explains a malformed DATABASE_URL and a short key", () => {
    expect(() => parseEnv({ ...production, DATABASE_URL: "mysql://nope" })).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(() => parseEnv({ ...production, TOKEN_ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(/TOKEN_ENCRYPTION_KEY: must be 32 bytes/);
  });

  it("generates development secrets and defaults to the sandbox", () => {
    const env = parseEnv({ NODE_ENV: "development", DATABASE_URL: "postgresql://localhost/dev" });
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(env.TOKEN_ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(env.CC_AUTH_BASE_URL).toBe("http://127.0.0.1:4010/oauth2/default/v1");
  });
});
