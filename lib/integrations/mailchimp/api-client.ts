import "server-only";
// The Mailchimp Marketing API v3 client of one connection: every call takes one of the account's simultaneous
// connections (account-limiter.ts), is counted, and is retried with jittered backoff when Mailchimp is over its
// connection limit (429, or a bare 403 at high volume) or failing (5xx, network); a 401 means the owner removed our
// app in Mailchimp. Answers are checked with the zod schemas of schemas.ts. The token goes only to the account's API
// endpoint, which the metadata call named and MC_API_ENDPOINT_PATTERN allows.
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { CallPurpose } from "../call-purpose";
import type { AccountLimiter } from "./account-limiter";
import { McApiError, McBadRequestError, McServerError, McUnauthorizedError } from "./errors";
import {
  AudienceSchema,
  AudiencesPageSchema,
  BatchSubscribeSchema,
  InterestCategoriesSchema,
  InterestCategorySchema,
  InterestSchema,
  InterestsSchema,
  MemberSchema,
  MembersPageSchema,
  MergeFieldSchema,
  MergeFieldsSchema,
  NoContent,
  ProblemSchema,
  WebhookSchema,
} from "./schemas";

export type McClientOptions = {
  accessToken: string;
  /** https://<dc>.api.mailchimp.com (no /3.0), as the metadata call named it. */
  apiEndpoint: string;
  apiEndpointPattern: RegExp;
  /** Whose simultaneous connections the calls count against (the connection id). */
  accountKey: string;
  limiter: AccountLimiter;
  purpose?: CallPurpose;
  onCall?: (endpoint: string) => void;
  maxRetries?: number;
  retryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
};

/** Mailchimp keys members by the MD5 of the lower-cased email. */
export function subscriberHash(email: string): string {
  return createHash("md5").update(email.trim().toLowerCase()).digest("hex");
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type McClient = ReturnType<typeof createMcClient>;

export function createMcClient(options: McClientOptions) {
  const endpoint = options.apiEndpoint.replace(/\/+$/, "");
  if (!options.apiEndpointPattern.test(endpoint))
    throw new Error("Refusing to send a Mailchimp token to an API endpoint the platform does not allow.");
  const base = `${endpoint}/3.0`;
  const maxRetries = options.maxRetries ?? 4;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  const backoff = (attempt: number) => {
    const step = Math.min(30_000, retryBaseMs * 2 ** attempt);
    return step / 2 + Math.random() * (step / 2);
  };

  async function request<S extends z.ZodType>(spec: {
    endpoint: string;
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
    path: string;
    query?: Record<string, string | undefined>;
    body?: unknown;
    schema: S;
  }): Promise<z.infer<S>> {
    const url = new URL(base + spec.path);
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    for (let attempt = 0; ; attempt++) {
      const outcome = await options.limiter.withSlot(options.accountKey, options.purpose, async () => {
        options.onCall?.(spec.endpoint);
        try {
          const response = await fetch(url, {
            method: spec.method,
            headers: {
              authorization: `Bearer ${options.accessToken}`,
              accept: "application/json, application/problem+json",
              ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
            signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
          });
          return { response, text: await response.text(), networkError: null };
        } catch (error) {
          return { response: null, text: "", networkError: error as Error };
        }
      });
      if (!outcome.response || outcome.networkError) {
        const error = new McServerError(
          `Mailchimp could not be reached (${outcome.networkError?.name ?? "error"}) on ${spec.endpoint}.`,
          0,
          spec.endpoint,
        );
        if (attempt >= maxRetries) throw error;
        await sleep(backoff(attempt));
        continue;
      }
      const { response, text } = outcome;
      if (response.ok) {
        if (response.status === 204 || !text) return spec.schema.parse(undefined);
        const parsed = spec.schema.safeParse(JSON.parse(text));
        if (!parsed.success)
          throw new McApiError(
            `Unexpected response from Mailchimp's ${spec.endpoint}: ${parsed.error.issues[0]?.message ?? "invalid"}`,
            response.status,
            spec.endpoint,
          );
        return parsed.data;
      }
      const problem = parseProblem(text);
      const described = `Mailchimp's ${spec.endpoint} answered ${response.status}${problem.title ? ` ${problem.title}` : ""}${problem.detail ? `: ${problem.detail}` : ""}`;
      // Over the account's simultaneous connections (429, or a 403 with no body at high volume), or failing: retried.
      const transient = response.status === 429 || response.status >= 500 || (response.status === 403 && !text);
      if (transient) {
        if (attempt >= maxRetries)
          throw new McServerError(described, response.status, spec.endpoint, problem.title, problem.detail);
        await sleep(backoff(attempt));
        continue;
      }
      if (response.status === 401)
        throw new McUnauthorizedError(described, 401, spec.endpoint, problem.title, problem.detail);
      throw new McBadRequestError(described, response.status, spec.endpoint, problem.title, problem.detail);
    }
  }

  const list = (listId: string) => `/lists/${encodeURIComponent(listId)}`;

  return {
    ping() {
      return request({ endpoint: "GET /ping", method: "GET", path: "/ping", schema: NoContent });
    },

    /** Every audience of the account (count ≤ 1,000 a page), sorted by name. */
    async listAudiences() {
      const audiences: z.infer<typeof AudienceSchema>[] = [];
      for (let offset = 0; offset < 100_000; offset += 1000) {
        const page = await request({
          endpoint: "GET /lists",
          method: "GET",
          path: "/lists",
          query: {
            count: "1000",
            offset: String(offset),
            fields: "lists.id,lists.name,lists.stats.member_count,total_items",
          },
          schema: AudiencesPageSchema,
        });
        audiences.push(...page.lists);
        if (audiences.length >= page.total_items || page.lists.length === 0) break;
      }
      return audiences;
    },

    getAudience(listId: string) {
      return request({ endpoint: "GET /lists/{list_id}", method: "GET", path: list(listId), schema: AudienceSchema });
    },

    /** Batch subscribe or update (≤ 500 members): always 200, with the members that failed in `errors`. */
    batchSubscribe(listId: string, members: unknown[]) {
      return request({
        endpoint: "POST /lists/{list_id}",
        method: "POST",
        path: list(listId),
        body: { members, update_existing: true },
        schema: BatchSubscribeSchema,
      });
    },

    /** One page of members, by status and time of their last change. */
    listMembers(
      listId: string,
      query: { status: "unsubscribed" | "cleaned"; sinceLastChanged?: Date | null; offset: number; count: number },
    ) {
      return request({
        endpoint: "GET /lists/{list_id}/members",
        method: "GET",
        path: `${list(listId)}/members`,
        query: {
          status: query.status,
          since_last_changed: query.sinceLastChanged?.toISOString(),
          count: String(query.count),
          offset: String(query.offset),
          fields: "members.email_address,members.status,members.last_changed,total_items",
        },
        schema: MembersPageSchema,
      });
    },

    /** The member with this email, or null when Mailchimp has none. */
    async getMember(listId: string, email: string) {
      try {
        return await request({
          endpoint: "GET /lists/{list_id}/members/{subscriber_hash}",
          method: "GET",
          path: `${list(listId)}/members/${subscriberHash(email)}`,
          query: { fields: "email_address,status,last_changed" },
          schema: MemberSchema,
        });
      } catch (error) {
        if (error instanceof McBadRequestError && error.status === 404) return null;
        throw error;
      }
    },

    async listMergeFields(listId: string) {
      const body = await request({
        endpoint: "GET /lists/{list_id}/merge-fields",
        method: "GET",
        path: `${list(listId)}/merge-fields`,
        query: { count: "100" },
        schema: MergeFieldsSchema,
      });
      return body.merge_fields;
    },

    createMergeField(listId: string, field: { name: string; tag: string }) {
      return request({
        endpoint: "POST /lists/{list_id}/merge-fields",
        method: "POST",
        path: `${list(listId)}/merge-fields`,
        body: { name: field.name, tag: field.tag, type: "text", required: false, public: false },
        schema: MergeFieldSchema,
      });
    },

    async listInterestCategories(listId: string) {
      const body = await request({
        endpoint: "GET /lists/{list_id}/interest-categories",
        method: "GET",
        path: `${list(listId)}/interest-categories`,
        query: { count: "100" },
        schema: InterestCategoriesSchema,
      });
      return body.categories;
    },

    createInterestCategory(listId: string, title: string) {
      // Hidden: the groups are the studio's labels for segments, not choices shown on Mailchimp's signup forms.
      return request({
        endpoint: "POST /lists/{list_id}/interest-categories",
        method: "POST",
        path: `${list(listId)}/interest-categories`,
        body: { title, type: "hidden" },
        schema: InterestCategorySchema,
      });
    },

    async listInterests(listId: string, categoryId: string) {
      const body = await request({
        endpoint: "GET /lists/{list_id}/interest-categories/{interest_category_id}/interests",
        method: "GET",
        path: `${list(listId)}/interest-categories/${encodeURIComponent(categoryId)}/interests`,
        query: { count: "100" },
        schema: InterestsSchema,
      });
      return body.interests;
    },

    createInterest(listId: string, categoryId: string, name: string) {
      return request({
        endpoint: "POST /lists/{list_id}/interest-categories/{interest_category_id}/interests",
        method: "POST",
        path: `${list(listId)}/interest-categories/${encodeURIComponent(categoryId)}/interests`,
        body: { name },
        schema: InterestSchema,
      });
    },

    /**
     * Registers our list webhook: unsubscribes, cleaned addresses, email changes and re-subscribes, made by the
     * person or in Mailchimp's app (not our own API writes, which would only echo back).
     */
    createWebhook(listId: string, url: string) {
      return request({
        endpoint: "POST /lists/{list_id}/webhooks",
        method: "POST",
        path: `${list(listId)}/webhooks`,
        body: {
          url,
          events: { subscribe: true, unsubscribe: true, profile: true, cleaned: true, upemail: true, campaign: false },
          sources: { user: true, admin: true, api: false },
        },
        schema: WebhookSchema,
      });
    },

    async deleteWebhook(listId: string, webhookId: string) {
      await request({
        endpoint: "DELETE /lists/{list_id}/webhooks/{webhook_id}",
        method: "DELETE",
        path: `${list(listId)}/webhooks/${encodeURIComponent(webhookId)}`,
        schema: NoContent,
      });
    },
  };
}

function parseProblem(text: string): { title: string | null; detail: string | null } {
  try {
    const parsed = ProblemSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { title: null, detail: null };
    const fieldErrors = parsed.data.errors?.map((e) => e.message).filter(Boolean) ?? [];
    const detail = [parsed.data.detail, ...fieldErrors].filter(Boolean).join(" ").slice(0, 500);
    return { title: parsed.data.title ?? null, detail: detail || null };
  } catch {
    return { title: null, detail: null };
  }
}

export { McApiError };
