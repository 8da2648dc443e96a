// The setup the API tests share: a sandbox started before a file's tests and closed after them, an account connected
// through the real OAuth flow, and calls made with its token.
import { afterAll, beforeAll } from "vitest";
import type { ProblemBody } from "../problem";
import { connectMailchimp, mcApi, mcListId, startTestMailchimpSandbox, type TestMailchimpSandbox } from "./helpers";

export type ProblemJson = ProblemBody;

export function connectedMailchimp(
  options: Parameters<typeof startTestMailchimpSandbox>[0] = {},
  account: { email?: string } = {},
) {
  let running: TestMailchimpSandbox | undefined;
  let token = "";
  beforeAll(async () => {
    running = await startTestMailchimpSandbox(options);
    token = (await connectMailchimp(running.url, account)).token;
  });
  afterAll(() => running?.close());
  const started = () => {
    if (!running) throw new Error("the sandbox starts in beforeAll: use it inside a test or a hook");
    return running;
  };
  const call = (path: string, init?: Parameters<typeof mcApi>[3]) => mcApi(started().url, token, path, init);
  return {
    get sandbox() {
      return started();
    },
    get url() {
      return started().url;
    },
    get clock() {
      return started().clock;
    },
    get token() {
      return token;
    },
    /** A /3.0 call as the connected account. */
    call,
    post: (path: string, body: unknown) => call(path, { method: "POST", body }),
    put: (path: string, body: unknown) => call(path, { method: "PUT", body }),
    patch: (path: string, body: unknown) => call(path, { method: "PATCH", body }),
    del: (path: string) => call(path, { method: "DELETE" }),
    /** The id of one of the connected account's audiences. */
    listId: (name = "Newsletter") => mcListId(started().url, account.email ?? "sunrise@mc.test", name),
  };
}
