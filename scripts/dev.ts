// `npm run dev`: the whole product on one machine. Embedded Postgres (data in .data/pglite) unless DATABASE_URL
// is set, migrations, demo seed, the Constant Contact and Mailchimp sandboxes, the mail catcher, and `next dev`.
// Ctrl-C stops everything.
import path from "node:path";
import { disconnectDb } from "../lib/db";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../prisma/seed/demo";
import { startStack } from "./lib/stack";

const appPort = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const mailchimpSandboxPort = Number(process.env.MC_SANDBOX_PORT ?? 4020);

async function main() {
  const stack = await startStack({
    next: "dev",
    appPort,
    sandboxPort,
    databaseUrl: process.env.DATABASE_URL,
    embeddedDataDir: path.join(process.cwd(), ".data", "pglite"),
    embeddedPort: Number(process.env.PGLITE_PORT ?? 54329),
    sandboxStateFile: path.join(process.cwd(), ".data", "sandbox-state.json"),
    mailchimpSandboxPort,
    mailchimpSandboxStateFile: path.join(process.cwd(), ".data", "mc-sandbox-state.json"),
    mail: {
      smtpPort: Number(process.env.MAIL_SMTP_PORT ?? 1025),
      webPort: Number(process.env.MAIL_WEB_PORT ?? 1080),
      directory: path.join(process.cwd(), ".data", "mail"),
    },
    async beforeNext(databaseUrl) {
      process.env.DATABASE_URL = databaseUrl;
      const { db } = await import("../lib/db");
      const { seedDemo } = await import("../prisma/seed/demo");
      const { created } = await seedDemo(db);
      console.log(created ? "Seeded demo data." : "Demo data already present.");
      await disconnectDb();
    },
  });

  const logins = DEMO_LOGINS.map((l) => `    ${l.email.padEnd(24)} ${l.role}`).join("\n");
  console.log(`
  Studio Manager is running.

    App:                    ${stack.appUrl}
    Constant Contact sandbox: ${stack.sandboxUrl || "(real Constant Contact)"}   (log in: sunrise@cc.test / sandbox-password)
    Mailchimp sandbox:      ${stack.mailchimpSandboxUrl ? `${stack.mailchimpSandboxUrl} (log in as sunrise@mc.test / sandbox-password)` : "(real Mailchimp)"}
    Mail catcher:           ${stack.mailUrl || "(SMTP_URL)"}   (every email the app sends)
    Database:               ${stack.embedded ? "embedded Postgres in .data/pglite" : "DATABASE_URL"}

  Demo logins (password "${DEMO_PASSWORD}"):
${logins}

  Press Ctrl-C to stop.
`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(`\nCould not start: ${(error as Error).message}\n`);
  process.exit(1);
});
