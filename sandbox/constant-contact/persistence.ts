// The Constant Contact sandbox's state as a JSON snapshot and back (the shared ../persistence.ts stores it).
import { randomUUID } from "node:crypto";
import { readStateFile, type Persistable } from "../persistence";
import type {
  Activity,
  Account,
  AccessTokenRecord,
  AuthorizationCode,
  Contact,
  ContactList,
  CustomField,
  EmailCampaign,
  Grant,
  PendingAuthorization,
  Tag,
} from "./model";
import { AccountStore, type SandboxState } from "./state";

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
    campaigns?: EmailCampaign[];
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
      campaigns: s.campaigns,
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
    store.campaigns = saved.campaigns ?? [];
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
  const snapshot = readStateFile<Snapshot>(file, 1);
  if (!snapshot) return false;
  applySnapshot(state, snapshot);
  return true;
}

/** What the shared StateSaver writes: the CC state as a snapshot. */
export function persistable(state: SandboxState): Persistable {
  return {
    get version() {
      return state.version;
    },
    snapshot: () => toSnapshot(state),
  };
}
