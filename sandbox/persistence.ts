// Optional persistence to a JSON file, so a demo survives a restart. Saves are debounced and atomic (write a
// temporary file, then rename over the old one), so a crash mid-save never leaves a half-written state file.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import type {
  Activity,
  Account,
  AccessTokenRecord,
  AuthorizationCode,
  Contact,
  ContactList,
  CustomField,
  Grant,
  PendingAuthorization,
  Tag,
} from "./model";
import { AccountStore, type SandboxState } from "./state";

const SAVE_DEBOUNCE_MS = 200;

interface Snapshot {
  format: 1;
  jwtSecret: string;
  nextSeq: number;
  clockOffsetMs: number;
  accounts: {
    account: Account;
    lists: ContactList[];
    contacts: SavedContact[];
    customFields?: CustomField[];
    tags?: Tag[];
  }[];
  activities: Activity[];
  pendingAuthorizations: PendingAuthorization[];
  codes: AuthorizationCode[];
  grants: Grant[];
  accessTokens: AccessTokenRecord[];
  refreshTokens: [string, string][];
}

/**
 * Older snapshots: no custom fields, and tags as names on each contact (`tags`) instead of account tags referenced
 * by id (`tagIds`).
 */
type SavedContact = Omit<Contact, "customFields" | "tagIds"> &
  Partial<Pick<Contact, "customFields" | "tagIds">> & { tags?: string[] };

function toSnapshot(state: SandboxState): Snapshot {
  return {
    format: 1,
    jwtSecret: state.jwtSecret,
    nextSeq: state.nextSeq,
    clockOffsetMs: state.clockOffsetMs,
    accounts: [...state.accounts.values()].map((s) => ({
      account: s.account,
      lists: s.lists,
      contacts: s.contacts,
      customFields: s.customFields,
      tags: s.tags,
    })),
    activities: [...state.activities.values()],
    pendingAuthorizations: [...state.pendingAuthorizations.values()],
    codes: [...state.codes.values()],
    grants: [...state.grants.values()],
    accessTokens: [...state.accessTokens.values()],
    refreshTokens: [...state.refreshTokens],
  };
}

function applySnapshot(state: SandboxState, snapshot: Snapshot): void {
  state.clear();
  state.jwtSecret = snapshot.jwtSecret;
  state.nextSeq = snapshot.nextSeq;
  state.clockOffsetMs = snapshot.clockOffsetMs;
  for (const saved of snapshot.accounts) {
    const store = new AccountStore(saved.account);
    store.lists = saved.lists;
    // Snapshots written before custom fields and tags existed have neither.
    store.customFields = saved.customFields ?? [];
    store.tags = saved.tags ?? [];
    for (const { tags: legacyTagNames, ...contact } of saved.contacts) {
      const tagIds = contact.tagIds ?? (legacyTagNames ?? []).map((name) => legacyTag(store, name, contact.updatedAt));
      store.addContact({ ...contact, customFields: contact.customFields ?? {}, tagIds: [...new Set(tagIds)] });
    }
    state.accounts.set(saved.account.accountId, store);
  }
  for (const a of snapshot.activities) state.activities.set(a.activityId, a);
  for (const p of snapshot.pendingAuthorizations) state.pendingAuthorizations.set(p.pendingId, p);
  for (const c of snapshot.codes) state.codes.set(c.code, c);
  for (const g of snapshot.grants) state.grants.set(g.grantId, g);
  for (const t of snapshot.accessTokens) state.accessTokens.set(t.jti, t);
  state.refreshTokens = new Map(snapshot.refreshTokens);
}

/** A tag named on a contact by an older snapshot becomes an account tag (found by name, or created). */
function legacyTag(store: AccountStore, name: string, at: number): string {
  const existing = store.tagByName(name);
  if (existing) return existing.tagId;
  const tag: Tag = { tagId: randomUUID(), name: name.trim(), tagSource: null, createdAt: at, updatedAt: at };
  store.tags.push(tag);
  return tag.tagId;
}

/** True when a state file was found and loaded. A corrupt file is an error: better loud than a silent reset. */
export function loadState(state: SandboxState, file: string): boolean {
  if (!existsSync(file)) return false;
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  if (snapshot.format !== 1) throw new Error(`${file}: unknown sandbox state format`);
  applySnapshot(state, snapshot);
  return true;
}

export class StateSaver {
  private savedVersion: number;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: SandboxState,
    private readonly file: string,
  ) {
    this.savedVersion = state.version;
  }

  /** Call after each request: saves a little later if anything changed. */
  changed(): void {
    if (this.state.version === this.savedVersion || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, SAVE_DEBOUNCE_MS);
    this.timer.unref(); // close() flushes; the timer alone must not keep the process alive
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.saving;
    if (this.state.version !== this.savedVersion) await this.save();
  }

  private save(): Promise<void> {
    this.saving = this.saving
      .then(async () => {
        const version = this.state.version;
        const temporary = `${this.file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(toSnapshot(this.state)));
        await rename(temporary, this.file);
        this.savedVersion = version;
      })
      .catch((error: unknown) => {
        // Keep serving: a failed save is retried on the next change.
        console.error(`[sandbox] could not save state to ${this.file}:`, error);
      });
    return this.saving;
  }
}
