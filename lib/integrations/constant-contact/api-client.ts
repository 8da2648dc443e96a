import "server-only";
import type { z } from "zod";
import { ccConfig } from "./config";
import {
  CcBadRequestError,
  CcForbiddenError,
  CcNotFoundError,
  CcRateLimitError,
  CcServerError,
  CcUnauthorizedError,
  CcUnexpectedResponseError,
  type CcErrorDetail,
} from "./errors";
import type { CallPurpose } from "../call-purpose";
import { platformLimiter } from "./platform-limiter";
import type { CallGate } from "./platform-limiter";
import {
  AccountSummarySchema,
  ActivitiesPageSchema,
  ActivityCreatedSchema,
  ActivitySchema,
  BouncesPageSchema,
  CcErrorArray,
  ContactListSchema,
  ContactListsPageSchema,
  ContactsPageSchema,
  CustomFieldSchema,
  CustomFieldsSchema,
  EmailCampaignSchema,
  EmailCampaignsPageSchema,
  type ActivityFilterState,
  type ContactList,
  type ImportRow,
} from "./schemas";

/** Where the client gets its bearer token (see tokens.ts); `refreshAfterRejection` is used once after a 401. */
export type AccessTokenSource = {
  getAccessToken(): Promise<string>;
  refreshAfterRejection(rejectedToken: string): Promise<string>;
};

export type CcClientOptions = {
  tokens: AccessTokenSource;
  apiBaseUrl?: string;
  /** Called once per HTTP request sent (retries included), e.g. to count SyncRun.apiCalls. */
  onCall?: (endpoint: string) => void;
  /** What the calls are for: the platform limiter's priority, the business's share, the ledger's row. */
  purpose?: CallPurpose;
  /** Default: the platform limiter shared by every process (platform-limiter.ts); tests may pace privately. */
  pacer?: CallGate;
  /** Retries after 429 `throttled`, 5xx and network errors (default 4). */
  maxRetries?: number;
  /** First backoff step; doubles per retry, with jitter (default 500 ms). */
  retryBaseMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

export type ListContactsQuery = {
  status?: string | string[];
  limit?: number;
  updatedAfter?: Date | string;
  email?: string;
  lists?: string[];
  include?: string[];
  /** `next` of the previous page: continues that query (its other parameters are then ignored). */
  cursorHref?: string;
};

type RequestSpec<S extends z.ZodType> = {
  endpoint: string;
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | undefined>;
  /** Serialized as JSON, or sent as it is when already JSON (UTF-8 bytes). */
  body?: unknown;
  schema: S;
};

/**
 * Import rows already serialized, as the UTF-8 bytes of one JSON array: ImportBatch serializes each row anyway to
 * measure it, so the sync sends those bytes instead of keeping 40,000 row objects and serializing them again (a batch
 * is up to 4 MB).
 */
export type SerializedRows = { readonly json: Uint8Array<ArrayBuffer> };

/**
 * A body that is already JSON, in parts (text and UTF-8 bytes), sent unchanged. Sent as a Blob: fetch copies a byte
 * array given as the body, where a Blob is streamed from its one copy of the parts.
 */
class JsonBytes {
  constructor(readonly parts: (string | Uint8Array<ArrayBuffer>)[]) {}
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type CcClient = ReturnType<typeof createCcClient>;

/**
 * The Constant Contact V3 client: every request passes the platform limiter (rate, daily budget, ledger) and is counted, 429 `throttled` / 5xx /
 * network errors retried with jittered exponential backoff (bounded), `quota_exceeded` thrown at once, a 401
 * answered by one refresh and one retry. Responses are checked with the zod schemas in schemas.ts.
 */
export function createCcClient(options: CcClientOptions) {
  const apiBase = (options.apiBaseUrl ?? ccConfig().apiBaseUrl).replace(/\/+$/, "");
  const apiOrigin = new URL(apiBase).origin;
  const pacer = options.pacer ?? platformLimiter();
  const maxRetries = options.maxRetries ?? 4;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;

  function urlFor(path: string, query?: Record<string, string | undefined>): URL {
    // `_links.next.href` is rooted at the host ("/v3/contacts?cursor=..."); plain paths are relative to the base.
    // An absolute href is followed only to CC's own host: the bearer token must not go anywhere else.
    const url = /^https?:\/\//i.test(path)
      ? new URL(path)
      : path.startsWith("/v3/")
        ? new URL(apiBase.replace(/\/v3$/, "") + path)
        : new URL(apiBase + path);
    if (url.origin !== apiOrigin) throw new Error("Refusing to send a Constant Contact token to another host.");
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    return url;
  }

  const backoff = (attempt: number) => {
    const step = Math.min(30_000, retryBaseMs * 2 ** attempt);
    return step / 2 + Math.random() * (step / 2);
  };

  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    const url = urlFor(spec.path, spec.query);
    let refreshed = false;
    let retries = 0;
    const retryOr = async (error: Error, pauseAll = false) => {
      if (retries >= maxRetries) throw error;
      const wait = backoff(retries++);
      if (pauseAll) pacer.backOff(wait);
      await sleep(wait);
    };
    for (;;) {
      const token = await options.tokens.getAccessToken();
      await pacer.take(options.purpose);
      options.onCall?.(spec.endpoint);
      let response: Response;
      try {
        response = await fetch(url, {
          method: spec.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body:
            spec.body === undefined
              ? undefined
              : spec.body instanceof JsonBytes
                ? new Blob(spec.body.parts)
                : JSON.stringify(spec.body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        });
      } catch (error) {
        await retryOr(
          new CcServerError(
            `Constant Contact could not be reached (${(error as Error).name}) on ${spec.endpoint}.`,
            0,
            spec.endpoint,
          ),
        );
        continue;
      }
      if (response.ok) {
        const text = await response.text();
        const parsed = spec.schema.safeParse(text ? JSON.parse(text) : {});
        if (!parsed.success) {
          throw new CcUnexpectedResponseError(
            `Unexpected response from ${spec.endpoint}: ${parsed.error.issues[0]?.message ?? "invalid"}`,
            response.status,
            spec.endpoint,
          );
        }
        return parsed.data;
      }
      const details = await errorDetails(response);
      const described = `${spec.endpoint} answered ${response.status}${details[0]?.error_message ? `: ${details[0].error_message}` : ""}`;
      if (response.status === 401) {
        if (!refreshed) {
          refreshed = true;
          await options.tokens.refreshAfterRejection(token);
          continue;
        }
        throw new CcUnauthorizedError(described, 401, spec.endpoint, details);
      }
      if (response.status === 429) {
        if (details[0]?.error_key === "quota_exceeded")
          throw new CcRateLimitError("quota_exceeded", spec.endpoint, details);
        await retryOr(new CcRateLimitError("throttled", spec.endpoint, details), true);
        continue;
      }
      if (response.status >= 500) {
        await retryOr(new CcServerError(described, response.status, spec.endpoint, details));
        continue;
      }
      if (response.status === 404) throw new CcNotFoundError(described, 404, spec.endpoint, details);
      if (response.status === 403) throw new CcForbiddenError(described, 403, spec.endpoint, details);
      throw new CcBadRequestError(described, response.status, spec.endpoint, details);
    }
  }

  return {
    /** GET /account/summary: which CC account the token belongs to (scope account_read). */
    getAccountSummary() {
      return request({
        endpoint: "GET /account/summary",
        method: "GET",
        path: "/account/summary",
        schema: AccountSummarySchema,
      });
    },

    /** Every contact list of the account (CC allows up to 1,000), following `_links.next`, with member counts. */
    async listContactLists(): Promise<ContactList[]> {
      const lists: ContactList[] = [];
      let path = "/contact_lists";
      let query: Record<string, string> | undefined = { limit: "1000", include_membership_count: "all" };
      for (let page = 0; page < 50; page++) {
        const body = await request({
          endpoint: "GET /contact_lists",
          method: "GET",
          path,
          query,
          schema: ContactListsPageSchema,
        });
        lists.push(...body.lists);
        const next = body._links?.next?.href;
        if (!next) break;
        path = next;
        query = undefined;
      }
      return lists;
    },

    getContactList(listId: string) {
      return request({
        endpoint: "GET /contact_lists/{list_id}",
        method: "GET",
        path: `/contact_lists/${encodeURIComponent(listId)}`,
        query: { include_membership_count: "all" },
        schema: ContactListSchema,
      });
    },

    /** One page of contacts; pass the returned `next` as `cursorHref` for the following page. */
    async listContacts(query: ListContactsQuery = {}) {
      const params = query.cursorHref
        ? undefined
        : {
            status: Array.isArray(query.status) ? query.status.join(",") : query.status,
            limit: query.limit === undefined ? undefined : String(query.limit),
            updated_after: query.updatedAfter instanceof Date ? query.updatedAfter.toISOString() : query.updatedAfter,
            email: query.email,
            lists: query.lists?.join(","),
            include: query.include?.join(","),
          };
      const body = await request({
        endpoint: "GET /contacts",
        method: "GET",
        path: query.cursorHref ?? "/contacts",
        query: params,
        schema: ContactsPageSchema,
      });
      return { contacts: body.contacts, next: body._links?.next?.href ?? null };
    },

    /** POST /activities/contacts_json_import. The caller keeps the body under 4 MB (CC drops the rest silently). */
    importContacts(input: { importData: ImportRow[] | SerializedRows; listIds: string[] }) {
      const rows = Array.isArray(input.importData)
        ? Buffer.from(JSON.stringify(input.importData))
        : input.importData.json;
      return request({
        endpoint: "POST /activities/contacts_json_import",
        method: "POST",
        path: "/activities/contacts_json_import",
        body: new JsonBytes([`{"import_data":`, rows, `,"list_ids":${JSON.stringify(input.listIds)}}`]),
        schema: ActivityCreatedSchema,
      });
    },

    /** Every contact custom field of the account (at most 100, so one page of 100 holds them all). */
    async listCustomFields() {
      const body = await request({
        endpoint: "GET /contact_custom_fields",
        method: "GET",
        path: "/contact_custom_fields",
        query: { limit: "100" },
        schema: CustomFieldsSchema,
      });
      return body.custom_fields;
    },

    /** Creates a text custom field; CC names it after the label (blanks become underscores). */
    createCustomField(label: string) {
      return request({
        endpoint: "POST /contact_custom_fields",
        method: "POST",
        path: "/contact_custom_fields",
        body: { label, type: "string" },
        schema: CustomFieldSchema,
      });
    },

    getActivity(activityId: string) {
      return request({
        endpoint: "GET /activities/{activity_id}",
        method: "GET",
        path: `/activities/${encodeURIComponent(activityId)}`,
        schema: ActivitySchema,
      });
    },

    /**
     * One page of the account's activities (every kind, the last 10 days, newest first): `limit` 1..500, `state`
     * keeps one state; pass the returned `next` as `cursorHref` for the following page (the rest is then ignored).
     */
    async listActivities(query: { limit: number; state?: ActivityFilterState; cursorHref?: string }) {
      const body = await request({
        endpoint: "GET /activities",
        method: "GET",
        path: query.cursorHref ?? "/activities",
        query: query.cursorHref ? undefined : { limit: String(query.limit), state: query.state },
        schema: ActivitiesPageSchema,
      });
      return { activities: body.activities, next: body._links?.next?.href ?? null };
    },

    /**
     * One page of email campaigns whose `updated_at` is after `updatedAfter` (500 a page, the most CC allows); pass
     * the returned `next` as `cursorHref` for the following page.
     */
    async listEmailCampaigns(query: { updatedAfter?: Date | null; cursorHref?: string }) {
      const body = await request({
        endpoint: "GET /emails",
        method: "GET",
        path: query.cursorHref ?? "/emails",
        query: query.cursorHref
          ? undefined
          : { limit: "500", after_date: query.updatedAfter ? query.updatedAfter.toISOString() : undefined },
        schema: EmailCampaignsPageSchema,
      });
      return { campaigns: body.campaigns, next: body._links?.next?.href ?? null };
    },

    /** One campaign with its activities (scope campaign_data). */
    getEmailCampaign(campaignId: string) {
      return request({
        endpoint: "GET /emails/{campaign_id}",
        method: "GET",
        path: `/emails/${encodeURIComponent(campaignId)}`,
        schema: EmailCampaignSchema,
      });
    },

    /** One page (500, the most CC allows) of a campaign activity's bounce report, most recent first. */
    async listBounces(query: { campaignActivityId: string; cursorHref?: string }) {
      const body = await request({
        endpoint: "GET /reports/email_reports/{campaign_activity_id}/tracking/bounces",
        method: "GET",
        path:
          query.cursorHref ?? `/reports/email_reports/${encodeURIComponent(query.campaignActivityId)}/tracking/bounces`,
        query: query.cursorHref ? undefined : { limit: "500" },
        schema: BouncesPageSchema,
      });
      return { bounces: body.tracking_activities, next: body._links?.next?.href ?? null };
    },

    /** Takes contacts (≤500 ids) out of lists (≤50) without touching their other lists or deleting them. */
    removeListMemberships(input: { contactIds: string[]; listIds: string[] }) {
      return request({
        endpoint: "POST /activities/remove_list_memberships",
        method: "POST",
        path: "/activities/remove_list_memberships",
        body: { source: { contact_ids: input.contactIds }, list_ids: input.listIds },
        schema: ActivityCreatedSchema,
      });
    },
  };
}

async function errorDetails(response: Response): Promise<CcErrorDetail[]> {
  try {
    const parsed = CcErrorArray.safeParse(await response.json());
    return parsed.success
      ? parsed.data.map((d) => ({ error_key: d.error_key, error_message: d.error_message?.slice(0, 500) }))
      : [];
  } catch {
    return [];
  }
}
