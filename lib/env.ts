// Every setting the app reads, validated once. Production refuses to start without its secrets and names the
// variable; development generates what it can and defaults to the local Constant Contact sandbox.
import { z } from "zod";
import { loadOrCreateDevSecrets } from "./dev-secrets";

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded (openssl rand -base64 32)");

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v) && URL.canParse(v), "must be a postgresql:// URL");

const Schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: postgresUrl,
  APP_URL: z.url().default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  /** Current token-encryption key; TOKEN_ENCRYPTION_KEY_ID names it so keys can rotate. */
  TOKEN_ENCRYPTION_KEY: base64Key,
  TOKEN_ENCRYPTION_KEY_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,16}$/)
    .default("k1"),
  /** Earlier keys still needed to decrypt, as "id:base64key,id:base64key". */
  TOKEN_ENCRYPTION_OLD_KEYS: z.string().default(""),
  CC_CLIENT_ID: z.string().min(1).default("sandbox-client-id"),
  CC_CLIENT_SECRET: z.string().min(1).default("sandbox-client-secret"),
  CC_AUTH_BASE_URL: z.url().default("http://127.0.0.1:4010/oauth2/default/v1"),
  CC_API_BASE_URL: z.url().default("http://127.0.0.1:4010/v3"),
  /** Defaults to APP_URL + /api/integrations/constant-contact/callback. */
  CC_REDIRECT_URI: z.url().optional(),
  /**
   * The platform's Mailchimp app (Account › Extras › Registered apps). Optional in production: without it the
   * Mailchimp integration is not offered. Development defaults to the local Mailchimp sandbox.
   */
  MC_CLIENT_ID: z.string().min(1).optional(),
  MC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Mailchimp's login server (authorize, token, metadata): https://login.mailchimp.com/oauth2 in production. */
  MC_OAUTH_BASE_URL: z.url().optional(),
  /**
   * The API endpoints a token may be sent to: the metadata call names the account's (https://<dc>.api.mailchimp.com),
   * and anything else is refused. A regular expression; production default ^https://[a-z0-9]+\.api\.mailchimp\.com$.
   */
  MC_API_ENDPOINT_PATTERN: z
    .string()
    .refine((v) => {
      try {
        new RegExp(v);
        return true;
      } catch {
        return false;
      }
    }, "must be a regular expression")
    .optional(),
  /** Defaults to APP_URL + /api/integrations/mailchimp/callback. */
  MC_REDIRECT_URI: z.url().optional(),
  /** Simultaneous calls per Mailchimp account (Mailchimp allows 10; a margin is left for the owner's other apps). */
  MC_CONCURRENT_CALLS: z.coerce.number().int().min(1).max(10).default(8),
  /** Platform-wide Constant Contact API budget (per API key, shared by every business). */
  CC_REQUESTS_PER_SECOND: z.coerce.number().positive().max(100).default(4),
  CC_DAILY_CALL_BUDGET: z.coerce.number().int().positive().default(10_000),
  /**
   * Where the platform limiter keeps its counters: a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379. Unset:
   * in the database (CcRateLimit); empty counts as unset. The call ledger stays in the database either way.
   */
  REDIS_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .refine((v) => /^rediss?:\/\/.+/.test(v) && URL.canParse(v), "must be a redis:// or rediss:// URL")
      .optional(),
  ),
  /** "local" runs Inngest functions in the app process; "inngest" expects an Inngest server or Inngest Cloud. */
  JOBS_MODE: z.enum(["local", "inngest"]).default("local"),
  /**
   * At least 1 s: Inngest rejects a shorter debounce period, and the local runner reads the same setting. Tests that
   * want no debounce give the local runner `debounceMs: 0` directly.
   */
  SYNC_DEBOUNCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * The unit of the day's push plan (lib/sync/push-plan.ts): a busy day's wait between a connection's pushes is a
   * whole number of these. A setting so that a benchmark compressing time compresses it too.
   */
  SYNC_PLAN_STEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Outgoing mail: an smtp:// or smtps:// URL with credentials, e.g. smtps://user:pass@smtp.example.com:465. */
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/.+/.test(v) && URL.canParse(v), "must be an smtp:// or smtps:// URL")
    .default("smtp://127.0.0.1:1025"),
  /** The sender of every email, "Name <address>" or an address; its domain also names the Message-IDs. */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address or "Name <address>"')
    .default("Studio Manager <no-reply@studio.localhost>"),
  /**
   * How many reverse proxies in front of the app append the client's address to X-Forwarded-For (0: none, the app
   * is reached directly). Sign-in throttling reads the client's address from it: see lib/auth/client-address.ts.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
});

export type Env = z.infer<typeof Schema>;

/**
 * The settings that hold no secret, with the same definitions as above. Inngest function options are built when
 * their modules load, which includes `next build`, where env() would demand the production secrets; these never do.
 */
const JobsSchema = Schema.pick({
  CC_CLIENT_ID: true,
  MC_CONCURRENT_CALLS: true,
  CC_REQUESTS_PER_SECOND: true,
  CC_DAILY_CALL_BUDGET: true,
  SYNC_DEBOUNCE_SECONDS: true,
  SYNC_PLAN_STEP_SECONDS: true,
  JOBS_MODE: true,
});

export type JobsEnv = z.infer<typeof JobsSchema>;

const productionOnlyRequired = [
  "NEXTAUTH_SECRET",
  "TOKEN_ENCRYPTION_KEY",
  "APP_URL",
  "CC_CLIENT_ID",
  "CC_CLIENT_SECRET",
  "CC_AUTH_BASE_URL",
  "CC_API_BASE_URL",
  "SMTP_URL",
  "MAIL_FROM",
] as const;

/**
 * With JOBS_MODE=inngest the app sends events with INNGEST_EVENT_KEY and Inngest's calls are verified with
 * INNGEST_SIGNING_KEY; without them every sync request fails. INNGEST_DEV (a local Inngest Dev Server) needs neither.
 */
function inngestRequired(input: Record<string, string | undefined>): string[] {
  const devServer = input.INNGEST_DEV !== undefined && !["", "0", "false"].includes(input.INNGEST_DEV);
  return input.JOBS_MODE === "inngest" && !devServer ? ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY"] : [];
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const input: Record<string, string | undefined> = { ...source };
  // ALLOW_DEV_DEFAULTS=1 is for the browser-test stack only: `next start` always runs with NODE_ENV=production, and
  // the tests run it on development secrets. Set by mistake on a real server it would switch off the secrets check,
  // so a production process refuses it unless the test stack also says TEST_STACK=1 (scripts/lib/stack.ts).
  if (input.NODE_ENV === "production" && input.ALLOW_DEV_DEFAULTS !== undefined && input.TEST_STACK !== "1") {
    throw new Error(
      "ALLOW_DEV_DEFAULTS is for tests only and is refused in production (NODE_ENV=production). Remove it and set the production secrets.",
    );
  }
  const isProduction = input.NODE_ENV === "production" && input.ALLOW_DEV_DEFAULTS !== "1";
  if (isProduction) {
    const missing: string[] = [...productionOnlyRequired, ...inngestRequired(input)].filter((name) => !input[name]);
    // Mailchimp is optional, but a half-configured app would fail at the first connect.
    if (input.MC_CLIENT_ID && !input.MC_CLIENT_SECRET) missing.push("MC_CLIENT_SECRET");
    if (missing.length > 0) throw new Error(`Missing required setting(s) in production: ${missing.join(", ")}`);
    input.MC_OAUTH_BASE_URL ||= "https://login.mailchimp.com/oauth2";
    input.MC_API_ENDPOINT_PATTERN ||= "^https://[a-z0-9]+\\.api\\.mailchimp\\.com$";
  } else {
    if (!input.NEXTAUTH_SECRET || !input.TOKEN_ENCRYPTION_KEY) {
      const dev = loadOrCreateDevSecrets();
      input.NEXTAUTH_SECRET ||= dev.nextAuthSecret;
      input.TOKEN_ENCRYPTION_KEY ||= dev.tokenEncryptionKey;
    }
    // Development and tests: the local Mailchimp sandbox (npm run dev starts it on 4020).
    input.MC_CLIENT_ID ||= "sandbox-mc-client-id";
    input.MC_CLIENT_SECRET ||= "sandbox-mc-client-secret";
    input.MC_OAUTH_BASE_URL ||= "http://127.0.0.1:4020/oauth2";
    input.MC_API_ENDPOINT_PATTERN ||= "^http://127\\.0\\.0\\.1:4020$";
  }
  return validated(Schema, input);
}

/** The non-secret settings (job flow control, the jobs mode, the API budget), without the production secrets check. */
export function parseJobsEnv(source: Record<string, string | undefined>): JobsEnv {
  return validated(JobsSchema, source);
}

function validated<T>(schema: z.ZodType<T>, input: Record<string, string | undefined>): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** The validated settings of this process (parsed on first use, so build steps that never read them pass). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The non-secret settings of this process. Read afresh on each call (a handful of fields), so module-load readers
 * like the Inngest function options see the same process.env as everything else.
 */
export function jobsEnv(): JobsEnv {
  return parseJobsEnv(process.env);
}

export function mcRedirectUri(e: Env = env()): string {
  return e.MC_REDIRECT_URI ?? new URL("/api/integrations/mailchimp/callback", e.APP_URL).toString();
}

export function ccRedirectUri(e: Env = env()): string {
  return e.CC_REDIRECT_URI ?? new URL("/api/integrations/constant-contact/callback", e.APP_URL).toString();
}
