// The provider contract: what the sync engine (lib/sync) asks of a mailing-list provider. Each provider implements it
// in its own folder (constant-contact/, mailchimp/), the only code that speaks HTTP to that provider; the engine
// never names one. A session is made per run step for one connection: its calls are counted (`onCall`) and pass the
// provider's limiter with the step's purpose.
import type { BounceKind, Connection, Provider } from "../generated/prisma/client";
import type { MergedContact } from "../clients/merge-family-contacts";
import type { ProviderWords } from "../provider-words";
import type { CallPurpose } from "./call-purpose";

export type { CallPurpose, Provider };

export type SegmentKey = "clientType" | "groups";

/**
 * The segment values a row carries, by field: a field absent is left as it is, "" clears what we sent. `groupNames`:
 * the group names `cells.groups` joins with ", " (for a provider that keeps groups one by one).
 */
export type SegmentValues = { cells: Partial<Record<SegmentKey, string>>; groupNames?: readonly string[] };

/** Which segment fields this run sends, and whether the provider account has each (created when missing). */
export type SegmentPlan = {
  send: Record<SegmentKey, boolean>;
  available: Record<SegmentKey, boolean>;
  /** The longest value the provider accepts for each segment field (as one text: "Seniors, Yoga"). */
  maxValueLength: Record<SegmentKey, number>;
};

export type RowOrReason = { ok: true; json: string } | { ok: false; reason: string };

/**
 * Turns a contact into one row of the provider's bulk write (JSON text), or says why it cannot be sent (an email
 * the provider refuses). Names and city are shortened to the provider's limits. `unsubscribedThere`: the person
 * unsubscribed in the provider (or we unsubscribed the address there) and has consented here since: a provider that
 * can ask them to confirm (Mailchimp's "pending") does so; none subscribes them directly.
 */
export type RowWriter = {
  plan: SegmentPlan;
  write(contact: MergedContact, segment: SegmentValues | null, context?: { unsubscribedThere: boolean }): RowOrReason;
};

/** The rows of one batch: a JSON array as UTF-8 bytes (see lib/sync/json-array-bytes.ts). */
export type SerializedRows = { readonly json: Uint8Array<ArrayBuffer> };

/**
 * What became of a batch. `rejected`: emails the provider refused one by one, with its reason; `unsubscribed`:
 * emails it refused because the person unsubscribed or bounced there (never re-subscribed: consent is withdrawn here).
 */
export type BatchOutcome =
  | {
      ok: true;
      rejected: { email: string; reason: string }[];
      unsubscribed: { email: string; reason: "unsubscribed" | "cleaned" }[];
      /** Rows the provider counted as failed without naming them (Constant Contact's error count). */
      unitemizedFailures: number;
      skipped: number;
    }
  | { ok: false; reason: string };

export type BatchCheck = { done: false; percent: number } | { done: true; outcome: BatchOutcome };

/**
 * An unsubscribe or bounce seen in the provider: the address and when it happened there; for a bounce, how it is
 * shown to the front desk (the provider's own code, and the campaign it bounced on where known).
 */
export type PulledChange = {
  email: string;
  at: Date;
  kind: "unsubscribed" | "cleaned";
  bounce?: { kind: BounceKind; code: string | null; campaignName?: string };
};

/** A bounce read from a provider's campaign reports: the address it was sent to, when, how, and on which campaign. */
export type PulledBounce = { email: string; at: Date; kind: BounceKind; code: string; campaignName: string };

/** A connection's row without its token columns (the way `db` reads it by default). */
export type ConnectionRow = Omit<Connection, "accessTokenEnc" | "refreshTokenEnc">;

/** One connection's calls, for one run step. */
export type ProviderSession = {
  /**
   * The connection's row (null: gone), read with the credentials of the session's first call: a caller that needs
   * the row before that call (the pull) reads it here, and the call then uses what this read (one statement, not
   * two). The row leaves the token columns out; the tokens stay inside the session.
   */
  connection?(): Promise<ConnectionRow | null>;
  /** The largest batch one submission takes (rows and bytes of serialized rows). */
  batchLimits: { rows: number; bytes: number };
  /**
   * Resolves the segment fields this run sends (`send`), creating one that is missing, and gives the row writer.
   * `missing`: fields absent from the account when looked up (one we had sent values to was deleted there);
   * `problems`: why a field could not be created, in words for the owner.
   */
  prepareRows(input: { send: Record<SegmentKey, boolean>; sentBefore: Record<SegmentKey, boolean> }): Promise<{
    writer: RowWriter;
    missing: Record<SegmentKey, boolean>;
    problems: string[];
  }>;
  /**
   * Sends a batch to the list. A provider that answers at once gives the outcome here; otherwise the batch is
   * checked (`check`) until it is done.
   */
  submit(rows: SerializedRows, listId: string): Promise<{ batchId: string; outcome?: BatchOutcome }>;
  check(batchId: string, listId: string): Promise<BatchCheck>;
  /**
   * Checks several batches of the list at once, as `check` would each, in fewer calls; the map has an entry for
   * every id asked about. Only providers whose batches wait implement it (Constant Contact's activity collection).
   */
  checkMany?(batchIds: string[], listId: string): Promise<Map<string, BatchCheck>>;
  /** Stops addresses receiving our list (never deletes; other lists untouched). `remoteId` when we know it. */
  remove(removals: { email: string; remoteId: string | null }[], listId: string): Promise<void>;
  /** Unsubscribes and bounces in the list since `since` (null: all of them), oldest first not required. */
  pullChanges(input: { listId: string; since: Date | null }): Promise<PulledChange[]>;
  /**
   * The bounces of the campaigns sent (or last updated) after `since`, and the time the next pull reads from
   * (`readUpTo`: unchanged when no campaign was read); `refused` when the account does not let us read its campaigns.
   * A provider whose bounces come with its unsubscribes (Mailchimp's "cleaned") has none.
   */
  pullBounces?(input: {
    since: Date | null;
  }): Promise<{ bounces: PulledBounce[]; readUpTo: Date | null } | { refused: string }>;
  /** One cheap call that fails the way every call would (the reconcile sweep's check). */
  checkAccount(): Promise<void>;
};

/** Why a run must stop on purpose (not retried): see lib/sync/runs.ts. */
export type StopReason =
  | { kind: "reconnect"; message: string }
  | { kind: "paused"; scope: "business" | "provider"; resumeAt: Date; message: string };

export type ProviderAdapter = {
  id: Provider;
  words: ProviderWords;
  /** Whether taking an address out of our list unsubscribes it there (Mailchimp) rather than leaving the list (CC). */
  removalUnsubscribes: boolean;
  /**
   * Whether a full sync must first learn who unsubscribed or bounced there (a full pull): a provider that refuses to
   * subscribe them again (Mailchimp) must not even be asked to, where Constant Contact's import ignores them itself.
   */
  pullBeforeFullSync: boolean;
  /**
   * Whether unsubscribes come back only by pulling, within a daily API budget (Constant Contact), rather than by
   * webhook with a pull as the fallback (Mailchimp).
   */
  pullsWithinDailyBudget: boolean;
  /** Whether a connection was granted what its bounce pull needs (a connection made before may lack the scope). */
  canPullBounces?(connection: { scopes: string | null }): boolean;
  session(
    connectionId: string,
    options: { purpose: CallPurpose; onCall?: (endpoint: string) => void },
  ): ProviderSession;
  /** A permanent error of this provider that ends a run (reconnect needed, budget or quota spent), or null. */
  stopReason(error: unknown): StopReason | null;
};

/**
 * A connection that cannot call its provider any more (no token: disconnected; or the provider refused the grant):
 * the owner must reconnect. Pending changes stay pending. Providers throw it (or a subclass).
 */
export class ReconnectRequired extends Error {
  constructor(
    readonly connectionId: string,
    message = "The connection needs to be reconnected.",
  ) {
    super(message);
    this.name = "ReconnectRequired";
  }
}
