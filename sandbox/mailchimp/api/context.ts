// What an API handler gets: the account the credentials belong to, the request's query and body, and who the change
// counts as (always "api" for `/3.0`; webhooks honour `sources.api`). The same context serves HTTP requests and the
// operations of a `/batches` job, which run through the same handlers.
import type { Reply } from "../../http";
import type { McSandbox } from "../context";
import type { ChangeSource } from "../model";
import type { AccountStore } from "../state";

export interface ApiContext {
  sandbox: McSandbox;
  store: AccountStore;
  method: string;
  /** Path below /3.0 and the query. */
  url: URL;
  params: Record<string, string>;
  /** The parsed JSON body (undefined when there is none); a malformed body throws a JSON Parse Error. */
  body(): Promise<unknown>;
  source: ChangeSource;
  /** True inside a /batches job: handlers skip real-time waits (batch subscribe's processing time). */
  internal: boolean;
  /** Work that must wait until the answer has been sent (webhook deliveries). */
  afterResponse(task: () => void): void;
}

export type ApiHandler = (ctx: ApiContext) => Reply | Promise<Reply>;
