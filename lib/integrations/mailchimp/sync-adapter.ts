import "server-only";
// Mailchimp behind the provider contract (lib/integrations/provider.ts). A batch is two batch subscribe calls of 500
// members (Mailchimp's cap) per simultaneous connection the account limiter allows, all sent at once: each call
// answers with the members it refused, so a batch is done when it is sent, in seconds, where batch operations
// (/batches) would queue for minutes and hand back a tar archive. Leaving our list is being unsubscribed there (never
// deleted). Unsubscribes and cleaned addresses come back by webhook in seconds; the pull (members by status, changed
// since the watermark) catches a missed one.
import { randomUUID } from "node:crypto";
import { db } from "../../db";
import { jobsEnv } from "../../env";
import { PROVIDER_WORDS } from "../../provider-words";
import { markReconnectRequired } from "../connections";
import {
  ReconnectRequired,
  type BatchOutcome,
  type CallPurpose,
  type ProviderAdapter,
  type ProviderSession,
  type PulledChange,
  type StopReason,
} from "../provider";
import type { McClient } from "./api-client";
import { mcClientFromRow, readConnectionWithToken } from "./client-for-connection";
import { McUnauthorizedError } from "./errors";
import { CITY_TAG, CLIENT_TYPE_TAG, memberWriter, type AudienceFields } from "./rows";

/** Members per batch subscribe call (Mailchimp refuses more). */
export const MEMBERS_PER_CALL = 500;
/**
 * Calls per batch for each of the account's slots: a batch is whole waves of calls, so no slot idles while its last
 * calls run (the next batch is read only when the whole batch is done).
 */
const CALLS_PER_SLOT = 2;
const PAGE = 1000;
const GROUPS_CATEGORY = "Client groups";
/** How long merge fields found as needed are trusted: a field deleted in Mailchimp meanwhile is re-created after it. */
export const FIELDS_FRESH_MS = 60 * 60 * 1000;
const COMPLIANCE = /compliance state|unsubscribe|bounce|cleaned/i;

export const mailchimpAdapter: ProviderAdapter = {
  id: "MAILCHIMP",
  words: PROVIDER_WORDS.MAILCHIMP,
  pullsWithinDailyBudget: false,
  pullBeforeFullSync: true,
  removalUnsubscribes: true,
  session(connectionId: string, options: { purpose: CallPurpose; onCall?: (endpoint: string) => void }) {
    return mailchimpSession(connectionId, options);
  },
  stopReason(error: unknown): StopReason | null {
    if (error instanceof ReconnectRequired || error instanceof McUnauthorizedError)
      return {
        kind: "reconnect",
        message: "Mailchimp needs to be reconnected. Pending changes will be sent after reconnecting.",
      };
    return null;
  },
};

function mailchimpSession(
  connectionId: string,
  options: { purpose: CallPurpose; onCall?: (endpoint: string) => void },
): ProviderSession {
  // The connection's row, read once: for the client's token, and for a caller that asks (`connection`).
  let row: ReturnType<typeof readConnectionWithToken> | null = null;
  const readRow = () => (row ??= readConnectionWithToken(connectionId));
  let client: Promise<McClient> | null = null;
  // A refused token turns the connection to "needs reconnect" (once), whatever call found out.
  const withClient = async <T>(work: (mc: McClient) => Promise<T>): Promise<T> => {
    client ??= readRow().then((connection) => mcClientFromRow(connectionId, connection, options));
    try {
      return await work(await client);
    } catch (error) {
      if (error instanceof McUnauthorizedError)
        await markReconnectRequired(
          connectionId,
          "Mailchimp no longer accepts the connection (the app was removed there).",
        );
      throw error;
    }
  };

  return {
    async connection() {
      const connection = await readRow();
      if (!connection) return null;
      const { accessTokenEnc: _token, ...withoutToken } = connection;
      return withoutToken;
    },

    batchLimits: { rows: CALLS_PER_SLOT * jobsEnv().MC_CONCURRENT_CALLS * MEMBERS_PER_CALL, bytes: 16 * 1024 * 1024 },

    prepareRows: ({ send, sentBefore }) =>
      withClient(async (mc) => {
        const { listId, fieldsCheckedAt } = await listOf(connectionId);
        const fields: AudienceFields = { clientType: false, groupInterests: null };
        const missing = { clientType: false, groups: false };
        const problems: string[] = [];
        // CITY is always sent; CTYPE when client types are sent or ours must be cleared.
        const needed: [string, string][] = [
          [CITY_TAG, "City"],
          ...(send.clientType || sentBefore.clientType ? [[CLIENT_TYPE_TAG, "Client type"] as [string, string]] : []),
        ];
        // Found as needed within the hour (and the list and segment choice unchanged since, which clear the time):
        // not looked up again, so a small delta costs only its batch subscribe calls.
        const fresh = fieldsCheckedAt !== null && Date.now() - fieldsCheckedAt.getTime() < FIELDS_FRESH_MS;
        const tags = new Set(fresh ? needed.map(([tag]) => tag) : []);
        if (!fresh) {
          for (const f of await mc.listMergeFields(listId)) tags.add(f.tag.toUpperCase());
          for (const [tag, name] of needed) {
            if (tags.has(tag)) continue;
            if (tag === CLIENT_TYPE_TAG) missing.clientType = true;
            try {
              await mc.createMergeField(listId, { name, tag });
              tags.add(tag);
            } catch (error) {
              problems.push(
                `The "${name}" field could not be created in Mailchimp (${(error as Error).message}). An audience has at most 30 fields: delete one there and sync again.`,
              );
            }
          }
          await db.connection.update({
            where: { id: connectionId },
            data: { fieldsCheckedAt: problems.length === 0 ? new Date() : null },
          });
        }
        fields.clientType = tags.has(CLIENT_TYPE_TAG);
        if (send.groups || sentBefore.groups) {
          const categories = await mc.listInterestCategories(listId);
          let category = categories.find((c) => c.title === GROUPS_CATEGORY);
          if (!category) {
            missing.groups = true;
            if (send.groups) category = await mc.createInterestCategory(listId, GROUPS_CATEGORY);
          }
          if (category) {
            const interests = new Map((await mc.listInterests(listId, category.id)).map((i) => [i.name, i.id]));
            // One interest per group of the business; a group added since the last run is created now.
            if (send.groups) {
              const groups = await db.clientGroup.findMany({
                where: { business: { connections: { some: { id: connectionId } } } },
                select: { name: true },
              });
              for (const { name } of groups) {
                if (interests.has(name)) continue;
                try {
                  interests.set(name, (await mc.createInterest(listId, category.id, name)).id);
                } catch (error) {
                  problems.push(`The group "${name}" could not be created in Mailchimp (${(error as Error).message}).`);
                }
              }
            }
            fields.groupInterests = interests;
          }
        }
        return { writer: memberWriter(send, fields), missing, problems };
      }),

    submit: (rows, listId) =>
      withClient(async (mc) => {
        const members = JSON.parse(Buffer.from(rows.json).toString("utf8")) as { email_address: string }[];
        const outcome = await subscribeAll(mc, listId, members);
        return { batchId: randomUUID(), outcome };
      }),

    // A Mailchimp batch is done when it is sent (see submit): nothing is ever left to check.
    check: async () => ({
      done: true,
      outcome: { ok: true, rejected: [], unsubscribed: [], unitemizedFailures: 0, skipped: 0 },
    }),

    remove: (removals, listId) =>
      withClient(async (mc) => {
        // Unsubscribed, not deleted: the address stops receiving our audience and Mailchimp keeps the record.
        const members = removals.map((r) => ({ email_address: r.email, status: "unsubscribed" }));
        await subscribeAll(mc, listId, members);
      }),

    pullChanges: ({ listId, since }) =>
      withClient(async (mc) => {
        const changes: PulledChange[] = [];
        for (const status of ["unsubscribed", "cleaned"] as const) {
          for (let offset = 0; ; offset += PAGE) {
            const page = await mc.listMembers(listId, { status, sinceLastChanged: since, offset, count: PAGE });
            for (const member of page.members) {
              const at = member.last_changed ? new Date(member.last_changed) : new Date();
              changes.push({ email: member.email_address, at, kind: status });
            }
            if (page.members.length < PAGE || offset + PAGE >= page.total_items) break;
          }
        }
        return changes;
      }),

    checkAccount: () => withClient((mc) => mc.ping().then(() => undefined)),
  };
}

/** Members in calls of 500, sent together (the account limiter decides how many at once), refusals gathered. */
async function subscribeAll(mc: McClient, listId: string, members: unknown[]): Promise<BatchOutcome> {
  const calls: unknown[][] = [];
  for (let i = 0; i < members.length; i += MEMBERS_PER_CALL) calls.push(members.slice(i, i + MEMBERS_PER_CALL));
  const answers = await Promise.all(calls.map((chunk) => mc.batchSubscribe(listId, chunk)));
  const outcome = {
    ok: true as const,
    rejected: [] as { email: string; reason: string }[],
    unsubscribed: [] as { email: string; reason: "unsubscribed" | "cleaned" }[],
    unitemizedFailures: 0,
    skipped: 0,
  };
  for (const answer of answers) {
    for (const error of answer.errors) {
      const email = error.email_address ?? "";
      const reason = error.error ?? "Mailchimp did not accept this member.";
      if (!email) outcome.unitemizedFailures++;
      else if (COMPLIANCE.test(reason))
        outcome.unsubscribed.push({
          email,
          reason: /bounce|cleaned/i.test(reason) && !/unsubscribe/i.test(reason) ? "cleaned" : "unsubscribed",
        });
      else outcome.rejected.push({ email, reason: `Mailchimp: ${reason}` });
    }
  }
  return outcome;
}

async function listOf(connectionId: string): Promise<{ listId: string; fieldsCheckedAt: Date | null }> {
  const row = await db.connection.findUniqueOrThrow({
    where: { id: connectionId },
    select: { listId: true, fieldsCheckedAt: true },
  });
  if (!row.listId) throw new ReconnectRequired(connectionId, "Choose a Mailchimp audience first.");
  return { listId: row.listId, fieldsCheckedAt: row.fieldsCheckedAt };
}
