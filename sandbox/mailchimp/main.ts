// CLI entry: `tsx sandbox/mailchimp/main.ts` (npm run sandbox:mailchimp). Environment:
//   MC_SANDBOX_PORT (4020; 0 = a free port), MC_SANDBOX_HOST (127.0.0.1), MC_SANDBOX_STATE_FILE (persist state there),
//   MC_CLIENT_ID / MC_CLIENT_SECRET / MC_REDIRECT_URI (the registered app; the redirect URI may be a comma-separated
//   list, since tests run the app on other ports), MC_SANDBOX_LOG_REQUESTS=1.
import { DEFAULT_MAILCHIMP_APP } from "./options";
import { startMailchimpSandbox } from "./server";

const env = process.env;
const port = Number(env.MC_SANDBOX_PORT ?? 4020);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`MC_SANDBOX_PORT must be a port number, got ${env.MC_SANDBOX_PORT}`);
  process.exit(1);
}
const redirectUris = env.MC_REDIRECT_URI
  ? env.MC_REDIRECT_URI.split(",")
      .map((uri) => uri.trim())
      .filter(Boolean)
  : DEFAULT_MAILCHIMP_APP.redirectUris;

const sandbox = await startMailchimpSandbox({
  port,
  host: env.MC_SANDBOX_HOST || "127.0.0.1",
  stateFile: env.MC_SANDBOX_STATE_FILE || undefined,
  logRequests: env.MC_SANDBOX_LOG_REQUESTS === "1",
  clients: [
    {
      ...DEFAULT_MAILCHIMP_APP,
      clientId: env.MC_CLIENT_ID || DEFAULT_MAILCHIMP_APP.clientId,
      clientSecret: env.MC_CLIENT_SECRET || DEFAULT_MAILCHIMP_APP.clientSecret,
      redirectUris,
    },
  ],
});
console.log(`Mailchimp sandbox on ${sandbox.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // close() flushes a pending state save before we exit.
    void sandbox.close().then(() => process.exit(0));
  });
}
