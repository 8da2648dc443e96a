// startMailchimpSandbox(): a stand-in for Mailchimp's OAuth server (login.mailchimp.com/oauth2) and Marketing API
// (/3.0) that the app cannot tell from the real thing for the calls it makes, plus a control API and a read-only
// page for tests and people.
import { Router, html } from "../http";
import { listen } from "../http-server";
import { StateSaver } from "../persistence";
import { apiRouter } from "./api/routes";
import { batchArchive, BatchRunner } from "./batches/batches";
import { createMailchimpSandbox, type McSandbox } from "./context";
import { addMailchimpControlRoutes, resetMailchimpSandbox } from "./control/routes";
import { dispatch } from "./dispatch";
import { authorize, login, metadata, token } from "./oauth/oauth";
import { resolveMailchimpOptions, type MailchimpSandboxOptions } from "./options";
import { homePage } from "./pages/home-page";
import { loadMailchimpState, mailchimpPersistable } from "./persistence";
import { seedDemo } from "./seed";
import type { MailchimpState } from "./state";

export type { MailchimpSandboxConfig, MailchimpSandboxOptions } from "./options";
export type { RegisteredApp } from "./model";
export type { MailchimpState } from "./state";
export type { McSandbox } from "./context";

export interface RunningMailchimpSandbox {
  /** Where it listens; also the `api_endpoint` metadata names (the API is `${url}/3.0`, OAuth `${url}/oauth2`). */
  url: string;
  port: number;
  close(): Promise<void>;
  state: MailchimpState;
  /** Live services (config, faults, calls, connections, webhooks) for tests that reach in. */
  sandbox: McSandbox;
  /** Runs the webhook deliveries due on the sandbox clock and waits for them (and for their retries that fall due). */
  flushWebhooks(): Promise<void>;
  /**
   * Resolves once every change so far is in the state file, saved the ordinary (debounced) way; at once without a
   * state file.
   */
  saved(): Promise<void>;
}

export async function startMailchimpSandbox(
  partial: Partial<MailchimpSandboxOptions> = {},
): Promise<RunningMailchimpSandbox> {
  const options = resolveMailchimpOptions(partial);
  const sandbox = createMailchimpSandbox(options);
  const loaded = options.stateFile ? loadMailchimpState(sandbox.state, options.stateFile) : false;
  if (!loaded && options.seed) seedDemo(sandbox.state, options.dc);
  const saver = options.stateFile
    ? new StateSaver(mailchimpPersistable(sandbox.state), options.stateFile, "mailchimp sandbox")
    : null;
  if (saver && !loaded) sandbox.state.touch();

  const api = apiRouter();
  const outer = new Router()
    .add("GET", "/oauth2/authorize", (ctx) => authorize(sandbox, ctx))
    .add("POST", "/oauth2/login", (ctx) => login(sandbox, ctx))
    .add("POST", "/oauth2/token", (ctx) => token(sandbox, ctx))
    .add("GET", "/oauth2/metadata", (ctx) => metadata(sandbox, ctx))
    .add("GET", "/batch-results/{file}", (ctx) => {
      // Mailchimp serves results from a storage URL that needs no credentials; so does the sandbox.
      const archive = batchArchive(sandbox, (ctx.params.file ?? "").replace(/\.tar\.gz$/, ""));
      if (!archive) return { status: 404, json: { error: "not_found" } };
      return { status: 200, body: archive, headers: { "content-type": "application/gzip" } };
    })
    .add("GET", "/", (ctx) => html(200, homePage(sandbox, ctx.url)));
  addMailchimpControlRoutes(outer, sandbox, () => resetMailchimpSandbox(sandbox));
  const batches = new BatchRunner(sandbox, api);

  const server = await listen({
    port: options.port,
    host: options.host,
    name: "mailchimp sandbox",
    handle: (req, res) => dispatch(sandbox, { outer, api, batches }, req, res),
    fallback: (res) => res.writeHead(500, { "content-type": "application/json" }).end('{"error":"server_error"}'),
    after: () => saver?.changed(),
    onClose: async () => {
      await sandbox.webhooks.close();
      await saver?.flush();
    },
  });
  if (!options.publicUrl) sandbox.origin = server.url;
  if (loaded) sandbox.webhooks.wake();
  saver?.changed();
  return {
    url: server.url,
    port: server.port,
    close: server.close,
    state: sandbox.state,
    sandbox,
    flushWebhooks: () => sandbox.webhooks.flush(),
    saved: () => saver?.whenSaved() ?? Promise.resolve(),
  };
}
