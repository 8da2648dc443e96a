// The setup the V3 endpoint tests share: a sandbox started before a file's tests and closed after them, one account
// connected through the real OAuth flow, and calls made with its token.
import { afterAll, beforeAll, expect } from "vitest";
import { api, connect, readJson, startTestSandbox, type ActivityJson, type AuthorizeInput } from "./helpers";

/** Constant Contact's error body: a list of keys and messages. */
export type CcErrorsJson = { error_key: string; error_message: string }[];

type Running = Awaited<ReturnType<typeof startTestSandbox>>;

export function connectedSandbox(options: Parameters<typeof startTestSandbox>[0] = {}, account: AuthorizeInput = {}) {
  let running: Running | undefined;
  let token = "";
  beforeAll(async () => {
    running = await startTestSandbox(options);
    token = (await connect(running.url, account)).access_token;
  });
  afterAll(() => running?.close());
  const started = () => {
    if (!running) throw new Error("the sandbox starts in beforeAll: use it inside a test or a hook");
    return running;
  };
  const call = (path: string, init?: Parameters<typeof api>[3]) => api(started().url, token, path, init);
  const post = (path: string, body: unknown) => call(path, { method: "POST", body });
  return {
    get url() {
      return started().url;
    },
    get clock() {
      return started().clock;
    },
    /** The connected account's access token. */
    get token() {
      return token;
    },
    /** Signs in again (after the clock passed the access token's lifetime). */
    async reconnect() {
      token = (await connect(started().url, account)).access_token;
    },
    /** A V3 call as the connected account. */
    call,
    post,
    put: (path: string, body: unknown) => call(path, { method: "PUT", body }),
    /** Starts a bulk activity (201), moves the clock past its processing time, and reads the activity back. */
    async finishActivity(path: string, body: unknown, processingMs: number): Promise<ActivityJson> {
      const created = await post(path, body);
      expect(created.status).toBe(201);
      const { activity_id } = await readJson<{ activity_id: string }>(created);
      started().clock.advance(processingMs);
      return readJson<ActivityJson>(await call(`/v3/activities/${activity_id}`));
    },
  };
}
