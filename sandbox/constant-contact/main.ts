// CLI entry: `tsx sandbox/constant-contact/main.ts` (npm run sandbox). Environment:
//   SANDBOX_PORT (4010), SANDBOX_HOST (127.0.0.1), SANDBOX_STATE_FILE (persist state there),
//   CC_CLIENT_ID / CC_CLIENT_SECRET / CC_REDIRECT_URI (override the registered app; the redirect URI may be a
//   comma-separated list, since tests run the app on other ports), SANDBOX_LOG_REQUESTS=1.
import { DEFAULT_CLIENT } from "./options";
import { startSandbox } from "./server";

const env = process.env;
const port = Number(env.SANDBOX_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got ${env.SANDBOX_PORT}`);
  process.exit(1);
}
const redirectUris = env.CC_REDIRECT_URI
  ? env.CC_REDIRECT_URI.split(",")
      .map((uri) => uri.trim())
      .filter(Boolean)
  : DEFAULT_CLIENT.redirectUris;

const sandbox = await startSandbox({
  port,
  host: env.SANDBOX_HOST || "127.0.0.1",
  stateFile: env.SANDBOX_STATE_FILE || undefined,
  logRequests: env.SANDBOX_LOG_REQUESTS === "1",
  clients: [
    {
      ...DEFAULT_CLIENT,
      clientId: env.CC_CLIENT_ID || DEFAULT_CLIENT.clientId,
      clientSecret: env.CC_CLIENT_SECRET || DEFAULT_CLIENT.clientSecret,
      redirectUris,
    },
  ],
});
console.log(`Constant Contact sandbox on ${sandbox.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // close() flushes a pending state save before we exit.
    void sandbox.close().then(() => process.exit(0));
  });
}
