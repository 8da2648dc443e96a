// The Mailchimp sandbox's state as a JSON snapshot and back (the shared ../persistence.ts stores it).
import { readStateFile, type Persistable } from "../persistence";
import type {
  AccessToken,
  AuthorizationCode,
  Batch,
  Interest,
  InterestCategory,
  ListTag,
  McAccount,
  McList,
  Member,
  MergeField,
  PendingLogin,
  Webhook,
  WebhookDelivery,
} from "./model";
import { AccountStore, ListStore, type MailchimpState } from "./state";

interface SavedList {
  list: McList;
  members: Member[];
  forgotten: string[];
  mergeFields: MergeField[];
  categories: InterestCategory[];
  interests: Interest[];
  tags: ListTag[];
  webhooks: Webhook[];
  nextMergeId: number;
}

interface Snapshot {
  format: 1;
  provider: "mailchimp";
  clockOffsetMs: number;
  nextUserId: number;
  nextWebId: number;
  nextTagId: number;
  accounts: { account: McAccount; lists: SavedList[] }[];
  pendingLogins: PendingLogin[];
  codes: AuthorizationCode[];
  tokens: AccessToken[];
  batches: Batch[];
  deliveries: WebhookDelivery[];
}

function toSnapshot(state: MailchimpState): Snapshot {
  return {
    format: 1,
    provider: "mailchimp",
    clockOffsetMs: state.clockOffsetMs,
    nextUserId: state.nextUserId,
    nextWebId: state.nextWebId,
    nextTagId: state.nextTagId,
    accounts: [...state.accounts.values()].map((store) => ({
      account: store.account,
      lists: store.lists.map((l) => ({
        list: l.list,
        members: l.members,
        forgotten: [...l.forgotten],
        mergeFields: l.mergeFields,
        categories: l.categories,
        interests: l.interests,
        tags: l.tags,
        webhooks: l.webhooks,
        nextMergeId: l.nextMergeId,
      })),
    })),
    pendingLogins: [...state.pendingLogins.values()],
    codes: [...state.codes.values()],
    tokens: [...state.tokens.values()],
    batches: [...state.batches.values()],
    deliveries: state.deliveries,
  };
}

function applySnapshot(state: MailchimpState, snapshot: Snapshot): void {
  state.clear();
  state.clockOffsetMs = snapshot.clockOffsetMs;
  state.nextUserId = snapshot.nextUserId;
  state.nextWebId = snapshot.nextWebId;
  state.nextTagId = snapshot.nextTagId;
  for (const saved of snapshot.accounts) {
    const store = new AccountStore(saved.account);
    for (const savedList of saved.lists) {
      const list = new ListStore(savedList.list);
      for (const member of savedList.members) list.addMember(member);
      list.forgotten = new Set(savedList.forgotten);
      list.mergeFields = savedList.mergeFields;
      list.categories = savedList.categories;
      list.interests = savedList.interests;
      list.tags = savedList.tags;
      list.webhooks = savedList.webhooks;
      list.nextMergeId = savedList.nextMergeId;
      store.lists.push(list);
    }
    state.accounts.set(saved.account.userId, store);
  }
  for (const p of snapshot.pendingLogins) state.pendingLogins.set(p.pendingId, p);
  for (const c of snapshot.codes) state.codes.set(c.code, c);
  for (const t of snapshot.tokens) state.tokens.set(t.token, t);
  for (const b of snapshot.batches) state.batches.set(b.id, b);
  state.deliveries = snapshot.deliveries;
}

/** True when a state file was found and loaded. A corrupt file is an error: better loud than a silent reset. */
export function loadMailchimpState(state: MailchimpState, file: string): boolean {
  const snapshot = readStateFile<Snapshot>(file, 1);
  if (!snapshot) return false;
  if (snapshot.provider !== "mailchimp") throw new Error(`${file} is not a Mailchimp sandbox state file`);
  applySnapshot(state, snapshot);
  return true;
}

export function mailchimpPersistable(state: MailchimpState): Persistable {
  return {
    get version() {
      return state.version;
    },
    snapshot: () => toSnapshot(state),
  };
}
