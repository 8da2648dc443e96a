// The server the browser tests run against: a throwaway database (on DATABASE_URL's server, or embedded), the
// demo seed, the Constant Contact and Mailchimp sandboxes, a fresh mail catcher and the production build (`next start`). Started by
// Playwright, and by e2e/production-stack.ts with E2E_PRODUCTION_APP_URL set: production settings with that public URL.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createThrowawayDatabase } from "./lib/database";
import { startStack } from "./lib/stack";

const appPort = Number(process.env.E2E_APP_PORT ?? 3100);
const E2E_STACK_FILE = path.join(process.cwd(), ".data", "e2e", `stack-${appPort}.json`);

async function main() {
  const database = await createThrowawayDatabase("e2e", process.env.DATABASE_URL);
  const stack = await startStack({
    next: "start",
    appPort,
    sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4110),
    databaseUrl: database.url,
    sandboxOptions: { importDelayMs: 300 },
    mailchimpSandboxPort: Number(process.env.E2E_MC_SANDBOX_PORT ?? 4150),
    // Mailchimp's timings shortened as the CC sandbox's import delay is: batch subscribe 2 ms per member, /batches
    // 300 ms plus 5 ms per operation, webhook retries after 0.5, 1, 2 and 4 s.
    mailchimpSandboxOptions: {
      batchSubscribeMsPerMember: 2,
      batchBaseMs: 300,
      batchMsPerOperation: 5,
      webhookRetryDelaysMs: [500, 1_000, 2_000, 4_000],
    },
    mail: {
      smtpPort: Number(process.env.E2E_MAIL_SMTP_PORT ?? 1125),
      webPort: Number(process.env.E2E_MAIL_WEB_PORT ?? 1180),
      directory: path.join(process.cwd(), ".data", "e2e", `mail-${appPort}`),
      fresh: true,
    },
    // TRUSTED_PROXY_HOPS: tests play a proxy's part and give each browser context its own X-Forwarded-For address.
    extraEnv: { SYNC_DEBOUNCE_SECONDS: "1", TRUSTED_PROXY_HOPS: "1" },
    production: process.env.E2E_PRODUCTION_APP_URL ? { appUrl: process.env.E2E_PRODUCTION_APP_URL } : undefined,
    async beforeNext(databaseUrl) {
      process.env.DATABASE_URL = databaseUrl;
      const { db, disconnectDb } = await import("../lib/db");
      const { seedDemo } = await import("../prisma/seed/demo");
      await seedDemo(db);
      await disconnectDb();
    },
  });
  mkdirSync(path.dirname(E2E_STACK_FILE), { recursive: true });
  writeFileSync(
    E2E_STACK_FILE,
    JSON.stringify({
      appUrl: stack.appUrl,
      publicUrl: stack.publicUrl,
      sandboxUrl: stack.sandboxUrl,
      mailchimpSandboxUrl: stack.mailchimpSandboxUrl,
      mailUrl: stack.mailUrl,
      databaseUrl: stack.databaseUrl,
    }),
  );
  console.log(`e2e stack ready at ${stack.appUrl}`);
  const shutdown = async () => {
    await stack.stop();
    await database.drop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(`e2e server failed: ${(error as Error).message}`);
  process.exit(1);
});
