// startSandbox(): the Constant Contact sandbox as an HTTP server the app cannot tell from CC's OAuth2 server and
// V3 API (for the calls the integration makes), plus a control API and a read-only page for tests and people.
import { html, Router } from "../http";
import { listen } from "../http-server";
import { StateSaver } from "../persistence";
import { createSandbox, type Sandbox } from "./context";
import { addControlRoutes } from "./control/routes";
import { dispatch } from "./dispatch";
import { addOAuthRoutes } from "./oauth/routes";
import { pruneTokens } from "./oauth/tokens";
import { resolveOptions, type SandboxOptions } from "./options";
import { homePage } from "./pages/home-page";
import { loadState, persistable } from "./persistence";
import { seedDemo } from "./seed";
import type { SandboxState } from "./state";
import { addV3Routes } from "./v3/routes";

export type { SandboxOptions, RegisteredClient, SandboxConfig } from "./options";
export type { SandboxState } from "./state";

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
  state: SandboxState;
  /** Live services (config, faults, calls) for tests that want to reach in rather than use /__control. */
  sandbox: Sandbox;
  /**
   * Resolves once every change so far is in the state file, saved the ordinary (debounced) way; at once without a
   * state file.
   */
  saved(): Promise<void>;
}

export async function startSandbox(partial: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  const options = resolveOptions(partial);
  const sandbox = createSandbox(options);
  const loaded = options.stateFile ? loadState(sandbox.state, options.stateFile) : false;
  if (!loaded && options.seed) seedDemo(sandbox.state);
  const saver = options.stateFile ? new StateSaver(persistable(sandbox.state), options.stateFile) : null;
  if (saver && !loaded) sandbox.state.touch();

  const router = new Router();
  addOAuthRoutes(router, sandbox);
  addV3Routes(router, sandbox);
  addControlRoutes(router, sandbox);
  router.add("GET", "/", (ctx) => html(200, homePage(sandbox, ctx.url)));

  let requests = 0;
  const server = await listen({
    port: options.port,
    host: options.host,
    name: "sandbox",
    handle: (req, res) => dispatch(sandbox, router, req, res),
    fallback: (res) => res.writeHead(500, { "content-type": "application/json" }).end("[]"),
    after: () => {
      if (++requests % 1000 === 0) pruneTokens(sandbox.state);
      saver?.changed();
    },
    onClose: async () => {
      await saver?.flush();
    },
  });
  saver?.changed();
  return {
    url: server.url,
    port: server.port,
    close: server.close,
    state: sandbox.state,
    sandbox,
    saved: () => saver?.whenSaved() ?? Promise.resolve(),
  };
}
