// A business connected, through the real OAuth flow, to a Mailchimp sandbox account of its own, with an audience
// chosen; and the app's webhook endpoint served on a port of its own, so the sandbox can call it as Mailchimp would.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db";
import {
  audiencesForBusiness,
  chooseAudience,
  completeConnect,
  startConnect,
} from "@/lib/integrations/mailchimp/connection";
import type { McConfig } from "@/lib/integrations/mailchimp/config";
import { handleMailchimpWebhook, type WebhookAnswer } from "@/lib/sync/webhooks";
import {
  control,
  MC_CLIENT_ID,
  MC_CLIENT_SECRET,
  MC_REDIRECT_URI,
  signInAtMailchimp,
  startTestMailchimpSandbox,
} from "./mc-sandbox";
import { testBusiness } from "./test-business";

/**
 * The app's Mailchimp webhook route, served alone (the route handler's work is lib/sync/webhooks.ts). `port` (0: a
 * free one) lets a caller take it down and bring it back at the same address; `onAnswer` hears each event answered.
 */
export async function startWebhookEndpoint(
  options: { port?: number; onAnswer?: (body: string, answer: WebhookAnswer) => void } = {},
): Promise<{ url: string; port: number; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (req.method === "GET") return res.writeHead(200).end();
      const body = Buffer.concat(chunks).toString("utf8");
      const answer = await handleMailchimpWebhook(url.searchParams, body).catch((): WebhookAnswer => ({ status: 503 }));
      res.writeHead(answer.status).end();
      options.onAnswer?.(body, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A Mailchimp sandbox (real time: webhooks are delivered as they happen), the app's env pointed at it and at the
 * webhook endpoint (APP_URL), read once per test file: call before anything reads env().
 */
export async function startMailchimpEnv(options: Parameters<typeof startTestMailchimpSandbox>[0] = {}) {
  const endpoint = await startWebhookEndpoint();
  const sandbox = await startTestMailchimpSandbox({
    clock: Date.now,
    webhookRetryDelaysMs: [200, 400, 800, 1600, 3200],
    ...options,
  } as never);
  process.env.APP_URL = endpoint.url;
  process.env.MC_CLIENT_ID = MC_CLIENT_ID;
  process.env.MC_CLIENT_SECRET = MC_CLIENT_SECRET;
  process.env.MC_OAUTH_BASE_URL = `${sandbox.url}/oauth2`;
  process.env.MC_API_ENDPOINT_PATTERN = `^${sandbox.url.replace(/[.]/g, "\\.")}$`;
  process.env.MC_REDIRECT_URI = MC_REDIRECT_URI;
  const config: McConfig = {
    clientId: MC_CLIENT_ID,
    clientSecret: MC_CLIENT_SECRET,
    oauthBaseUrl: `${sandbox.url}/oauth2`,
    apiEndpointPattern: new RegExp(process.env.MC_API_ENDPOINT_PATTERN),
    redirectUri: MC_REDIRECT_URI,
  };
  return {
    sandbox,
    endpoint,
    config,
    async close() {
      await sandbox.close();
      await endpoint.close();
    },
  };
}
export type MailchimpEnv = Awaited<ReturnType<typeof startMailchimpEnv>>;

/**
 * A fresh sandbox account with audience "Newsletter" (chosen) and `extra` audiences, connected by the owner; or, given
 * `sameAccountAs`, a new business connecting that business's account (a chain's studios sharing one Mailchimp).
 */
export async function connectedMailchimpBusiness(
  env: MailchimpEnv,
  extra: string[] = ["Other"],
  sameAccountAs?: { accountEmail: string },
) {
  const made = await testBusiness();
  const accountEmail = sameAccountAs?.accountEmail ?? `mc-${randomUUID().slice(0, 8)}@mc.test`;
  if (!sameAccountAs)
    await control(env.sandbox.url, "/seed", {
      account: { email: accountEmail, password: "sandbox-password", accountName: `${made.business.name} Mail` },
      lists: [{ name: "Newsletter" }, ...extra.map((name) => ({ name }))],
    });
  const { authorizeUrl } = await startConnect(made.ownerCtx, env.config);
  const params = (await signInAtMailchimp(authorizeUrl, { email: accountEmail })).searchParams;
  const connected = await completeConnect(made.ownerCtx, params, env.config);
  if (!connected.ok) throw new Error(`connect failed: ${JSON.stringify(connected)}`);
  const audiences = await audiencesForBusiness(made.ownerCtx);
  const listId = audiences.find((a) => a.name === "Newsletter")!.listId;
  const chosen = await chooseAudience(made.ownerCtx, { listId });
  const connection = await db.connection.findUniqueOrThrow({
    where: { businessId_provider: { businessId: made.business.id, provider: "MAILCHIMP" } },
  });
  return { ...made, accountEmail, listId, connectionId: connection.id, webhook: chosen.webhook };
}
