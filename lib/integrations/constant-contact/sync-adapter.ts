import "server-only";
// Constant Contact behind the provider contract (lib/integrations/provider.ts). A batch is a contacts_json_import
// activity (up to 40,000 rows and 4 MB, of which data past 4 MB is dropped silently: we cut at 3.5 MB), checked until
// it is done; leaving the list is remove_list_memberships; unsubscribes come back by a scan of
// `status=unsubscribed` (Constant Contact has no unsubscribe webhook, and `updated_after` does not see an opt-out);
// bounces come from the bounce report of each email campaign updated since the last read.
import type { BounceKind } from "../../generated/prisma/client";
import { PROVIDER_WORDS } from "../../provider-words";
import type {
  BatchCheck,
  CallPurpose,
  ProviderAdapter,
  ProviderSession,
  PulledBounce,
  PulledChange,
  SegmentKey,
  StopReason,
} from "../provider";
import type { CcClient } from "./api-client";
import { ccClientForConnection } from "./client-for-connection";
import { connectionTokenStore } from "./connection-token-store";
import {
  CcBadRequestError,
  CcBudgetError,
  CcForbiddenError,
  CcNotFoundError,
  CcRateLimitError,
  ReconnectRequiredError,
} from "./errors";
import { importRowWriter } from "./rows";
import type { Activity, CustomField } from "./schemas";

export const IMPORT_MAX_ROWS = 40_000;
export const IMPORT_MAX_BYTES = 3.5 * 1024 * 1024;
const REMOVE_CHUNK = 500; // remove_list_memberships takes at most 500 contact ids
const PAGE_LIMIT = 500;

/** Our segment fields' labels; CC names a field after its label, blanks replaced by underscores. */
const FIELD_LABELS: Record<SegmentKey, string> = { clientType: "Client type", groups: "Client groups" };
const nameOf = (label: string) => label.replace(/\s+/g, "_");

export const constantContactAdapter: ProviderAdapter = {
  id: "CONSTANT_CONTACT",
  words: PROVIDER_WORDS.CONSTANT_CONTACT,
  pullsWithinDailyBudget: true,
  pullBeforeFullSync: false,
  removalUnsubscribes: false,
  canPullBounces: (connection) => (connection.scopes ?? "").split(/\s+/).includes("campaign_data"),
  session(connectionId: string, options: { purpose: CallPurpose; onCall?: (endpoint: string) => void }) {
    const store = connectionTokenStore(connectionId);
    return {
      ...constantContactSession(ccClientForConnection(connectionId, { ...options, store })),
      connection: () => store.readConnection(),
    };
  },
  stopReason(error: unknown): StopReason | null {
    if (error instanceof ReconnectRequiredError)
      return {
        kind: "reconnect",
        message: "Constant Contact needs to be reconnected. Pending changes will be sent after reconnecting.",
      };
    if (error instanceof CcBudgetError)
      return {
        kind: "paused",
        scope: error.reason === "business_share" ? "business" : "provider",
        resumeAt: error.resumeAt,
        message: error.message,
      };
    if (error instanceof CcRateLimitError && error.kind === "quota_exceeded")
      return {
        kind: "paused",
        scope: "provider",
        resumeAt: error.resumeAt,
        message: `Constant Contact's daily request quota is used up; sync resumes after ${error.resumeAt.toISOString()}.`,
      };
    return null;
  },
};

/** Pages of GET /activities one checkMany reads at most (500 activities a page). */
const ACTIVITY_PAGES = 5;

const FORGOTTEN_BATCH: BatchCheck = {
  done: true,
  outcome: {
    ok: false,
    reason: "Constant Contact no longer has the import's result (it keeps them 10 days). Its clients go out again.",
  },
};

/** What an import activity says about its batch: still running, done (with its counts), or failed. */
function batchCheckOf(activity: Activity | null): BatchCheck {
  if (activity === null) return FORGOTTEN_BATCH;
  const percent = Math.round(activity.percent_done ?? 0);
  if (activity.state === "initialized" || activity.state === "processing") return { done: false, percent };
  if (activity.state === "completed") {
    // Constant Contact does not itemise failed rows; rows are validated before sending, so its error count is
    // recorded on the run, not guessed per client.
    return {
      done: true,
      outcome: {
        ok: true,
        rejected: [],
        unsubscribed: [],
        unitemizedFailures: activity.status?.error_count ?? 0,
        skipped: activity.status?.cannot_add_to_list_count ?? 0,
      },
    };
  }
  const reason = `Constant Contact's import ${activity.state}${activity.activity_errors[0] ? `: ${activity.activity_errors[0]}` : ""}. It will be retried.`;
  return { done: true, outcome: { ok: false, reason } };
}

/** A single activity past CC's 10 days answers 404: the batch is forgotten, like one missing from the collection. */
function forgottenOn404(error: unknown): null {
  if (error instanceof CcNotFoundError) return null;
  throw error;
}

export function constantContactSession(cc: CcClient): ProviderSession {
  return {
    batchLimits: { rows: IMPORT_MAX_ROWS, bytes: IMPORT_MAX_BYTES },

    async prepareRows({ send, sentBefore }) {
      const none = { clientType: null, groups: null };
      const missing = { clientType: false, groups: false };
      if (!(["clientType", "groups"] as const).some((key) => send[key] || sentBefore[key]))
        return { writer: importRowWriter(send, none), missing, problems: [] };
      let fields = await cc.listCustomFields();
      const names: Record<SegmentKey, string | null> = { clientType: null, groups: null };
      const problems: string[] = [];
      for (const key of ["clientType", "groups"] as const) {
        let field = find(fields, key);
        if (!field) missing[key] = true;
        if (!field && send[key]) {
          try {
            field = await cc.createCustomField(FIELD_LABELS[key]);
          } catch (error) {
            if (!(error instanceof CcBadRequestError)) throw error;
            // 409: created meanwhile by someone else; anything else (400: 100 fields taken) is the owner's to fix.
            fields = error.status === 409 ? await cc.listCustomFields() : fields;
            field = find(fields, key);
            if (!field) {
              problems.push(
                `"${FIELD_LABELS[key]}" could not be created in Constant Contact (${error.message}). An account has at most 100 custom fields: delete one there and sync again.`,
              );
            }
          }
        }
        names[key] = field?.name ?? null;
      }
      return { writer: importRowWriter(send, names), missing, problems };
    },

    async submit(rows, listId) {
      const activity = await cc.importContacts({ importData: rows, listIds: [listId] });
      return { batchId: activity.activity_id };
    },

    async check(batchId): Promise<BatchCheck> {
      return batchCheckOf(await cc.getActivity(batchId));
    },

    // GET /activities lists the account's activities of the last 10 days, newest first: pages of 500 are read until
    // every wanted id is seen (at most ACTIVITY_PAGES pages). An id missing from a collection read to its end is
    // gone (older than 10 days, or unknown); one the page cap left unseen is checked on its own.
    async checkMany(batchIds): Promise<Map<string, BatchCheck>> {
      const wanted = new Set(batchIds);
      const checks = new Map<string, BatchCheck>();
      if (wanted.size === 0) return checks;
      let cursor: string | null = null;
      let readToEnd = false;
      for (let page = 0; page < ACTIVITY_PAGES && checks.size < wanted.size; page++) {
        const { activities, next }: Awaited<ReturnType<CcClient["listActivities"]>> = await cc.listActivities(
          cursor ? { limit: PAGE_LIMIT, cursorHref: cursor } : { limit: PAGE_LIMIT },
        );
        for (const activity of activities)
          if (wanted.has(activity.activity_id)) checks.set(activity.activity_id, batchCheckOf(activity));
        cursor = next;
        if (!cursor) {
          readToEnd = true;
          break;
        }
      }
      for (const id of wanted) {
        if (checks.has(id)) continue;
        checks.set(id, readToEnd ? FORGOTTEN_BATCH : batchCheckOf(await cc.getActivity(id).catch(forgottenOn404)));
      }
      return checks;
    },

    async remove(removals, listId) {
      const contactIds: string[] = [];
      for (const removal of removals) {
        const id =
          removal.remoteId ??
          (await cc.listContacts({ email: removal.email, status: "all", limit: 1 })).contacts[0]?.contact_id;
        if (id) contactIds.push(id);
      }
      for (let i = 0; i < contactIds.length; i += REMOVE_CHUNK) {
        await cc.removeListMemberships({ contactIds: contactIds.slice(i, i + REMOVE_CHUNK), listIds: [listId] });
      }
    },

    async pullChanges({ since }): Promise<PulledChange[]> {
      const seen: PulledChange[] = [];
      let cursor: string | undefined;
      do {
        const page = await cc.listContacts(
          cursor ? { cursorHref: cursor } : { status: "unsubscribed", limit: PAGE_LIMIT },
        );
        for (const contact of page.contacts) {
          const address = contact.email_address?.address;
          const when = contact.email_address?.opt_out_date ?? contact.email_address?.updated_at;
          if (!address || !when) continue;
          const at = new Date(when);
          if (Number.isNaN(at.getTime()) || (since && at < since)) continue;
          seen.push({ email: address, at, kind: "unsubscribed" });
        }
        cursor = page.next ?? undefined;
      } while (cursor);
      return seen;
    },

    async pullBounces({ since }) {
      const bounces: PulledBounce[] = [];
      let readUpTo: Date | null = null;
      let cursor: string | undefined;
      do {
        let page;
        try {
          page = await cc.listEmailCampaigns(cursor ? { cursorHref: cursor } : { updatedAfter: since });
        } catch (error) {
          // The account's user may lack campaign privileges: bounces are skipped, the unsubscribe pull still counts.
          if (error instanceof CcForbiddenError) return { refused: error.message };
          throw error;
        }
        for (const campaign of page.campaigns) {
          const updated = new Date(campaign.updated_at);
          if (!Number.isNaN(updated.getTime()) && (!readUpTo || updated > readUpTo)) readUpTo = updated;
          // A draft or a scheduled campaign went to nobody yet; it is updated (and listed again) when it is sent.
          if (NOT_SENT.has((campaign.current_status ?? "").toUpperCase())) continue;
          const full = await cc.getEmailCampaign(campaign.campaign_id);
          const primary = full.campaign_activities.find((a) => a.role === "primary_email");
          if (!primary) continue;
          let reportCursor: string | undefined;
          do {
            const report = await cc.listBounces({
              campaignActivityId: primary.campaign_activity_id,
              cursorHref: reportCursor,
            });
            for (const bounce of report.bounces) {
              const at = new Date(bounce.created_time);
              if (Number.isNaN(at.getTime())) continue;
              bounces.push({
                email: bounce.email_address,
                at,
                kind: bounceKindOf(bounce.bounce_code),
                code: bounce.bounce_code,
                campaignName: campaign.name,
              });
            }
            reportCursor = report.next ?? undefined;
          } while (reportCursor);
        }
        cursor = page.next ?? undefined;
      } while (cursor);
      return { bounces, readUpTo };
    },

    async checkAccount() {
      await cc.getAccountSummary();
    },
  };
}

const NOT_SENT = new Set(["DRAFT", "SCHEDULED"]);

/**
 * Constant Contact's bounce codes in the front desk's kinds. S ("suspended") is an address the ISP reported as
 * non-existent; V is an auto-reply to a message that was delivered (nothing to fix).
 */
const BOUNCE_KINDS: Record<string, BounceKind> = {
  B: "NON_EXISTENT",
  S: "NON_EXISTENT",
  D: "UNDELIVERABLE",
  F: "MAILBOX_FULL",
  Z: "BLOCKED",
  V: "AUTO_REPLY",
  X: "OTHER",
};

export function bounceKindOf(code: string): BounceKind {
  return BOUNCE_KINDS[code.toUpperCase()] ?? "OTHER";
}

function find(fields: CustomField[], key: SegmentKey): CustomField | undefined {
  const name = nameOf(FIELD_LABELS[key]).toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === name);
}
