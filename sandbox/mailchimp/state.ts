// The in-memory model of the Mailchimp sandbox: accounts with their audiences (lists), members, merge fields,
// groups, tags and webhooks; batch operations; webhook deliveries; and the OAuth records. A snapshot of this object is
// all persistence needs.
import { randomBytes } from "node:crypto";
import { ClockedState } from "../clocked-state";
import { hexId, subscriberHash } from "./ids";
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

/** The merge fields a new audience starts with (Mailchimp's defaults; an owner may change them). */
export function defaultMergeFields(): MergeField[] {
  const field = (mergeId: number, tag: string, name: string, type: MergeField["type"]): MergeField => ({
    mergeId,
    tag,
    name,
    type,
    required: false,
    defaultValue: "",
    public: true,
    displayOrder: mergeId + 1,
    helpText: "",
    options: type === "address" ? { default_country: 164 } : type === "phone" ? { phone_format: "none" } : { size: 25 },
  });
  return [
    field(1, "FNAME", "First Name", "text"),
    field(2, "LNAME", "Last Name", "text"),
    field(3, "ADDRESS", "Address", "address"),
    field(4, "PHONE", "Phone Number", "phone"),
  ];
}

export class ListStore {
  /** In creation order: the order GET members pages through by default. */
  members: Member[] = [];
  private byHash = new Map<string, Member>();
  /** Hashes of members erased with delete-permanent: they cannot be added again through the API. */
  forgotten = new Set<string>();
  mergeFields: MergeField[] = defaultMergeFields();
  categories: InterestCategory[] = [];
  interests: Interest[] = [];
  tags: ListTag[] = [];
  webhooks: Webhook[] = [];
  nextMergeId = 5;

  constructor(readonly list: McList) {}

  member(hash: string): Member | undefined {
    return this.byHash.get(hash);
  }

  memberByEmail(email: string): Member | undefined {
    return this.byHash.get(subscriberHash(email));
  }

  addMember(member: Member): void {
    this.members.push(member);
    this.byHash.set(member.id, member);
  }

  removeMember(member: Member): void {
    this.byHash.delete(member.id);
    this.members = this.members.filter((m) => m !== member);
  }

  /** A new address means a new hash: the member's id follows it. */
  changeEmail(member: Member, email: string): void {
    this.byHash.delete(member.id);
    member.emailAddress = email;
    member.id = subscriberHash(email);
    this.byHash.set(member.id, member);
  }

  mergeField(tag: string): MergeField | undefined {
    return this.mergeFields.find((f) => f.tag === tag);
  }

  tagByName(name: string): ListTag | undefined {
    const key = name.trim().toLowerCase();
    return this.tags.find((t) => t.name.toLowerCase() === key);
  }
}

export class AccountStore {
  lists: ListStore[] = [];

  constructor(readonly account: McAccount) {}

  list(listId: string): ListStore | undefined {
    return this.lists.find((l) => l.list.listId === listId);
  }

  listByName(name: string): ListStore | undefined {
    return this.lists.find((l) => l.list.name === name);
  }
}

export class MailchimpState extends ClockedState {
  accounts = new Map<number, AccountStore>();
  pendingLogins = new Map<string, PendingLogin>();
  codes = new Map<string, AuthorizationCode>();
  tokens = new Map<string, AccessToken>();
  batches = new Map<string, Batch>();
  /** Newest last; capped so a long demo does not grow without end. */
  deliveries: WebhookDelivery[] = [];
  /** Counters for Mailchimp's numeric ids. */
  nextUserId = 10_000_001;
  nextWebId = 100_001;
  nextTagId = 1_000_001;

  store(userId: number): AccountStore | undefined {
    return this.accounts.get(userId);
  }

  storeByEmail(email: string): AccountStore | undefined {
    const key = email.trim().toLowerCase();
    for (const store of this.accounts.values()) if (store.account.email.toLowerCase() === key) return store;
    return undefined;
  }

  clear(): void {
    this.accounts.clear();
    this.pendingLogins.clear();
    this.codes.clear();
    this.tokens.clear();
    this.batches.clear();
    this.deliveries = [];
    this.touch();
  }

  createAccount(input: { email: string; password: string; accountName: string; dc: string }): AccountStore {
    const userId = this.nextUserId++;
    const account: McAccount = {
      userId,
      loginId: userId + 70_000_000,
      email: input.email.trim(),
      password: input.password,
      accountName: input.accountName,
      firstName: "Sandbox",
      lastName: "Owner",
      dc: input.dc,
      createdAt: this.now(),
    };
    const store = new AccountStore(account);
    this.accounts.set(userId, store);
    this.touch();
    return store;
  }

  createList(store: AccountStore, name: string, overrides: Partial<McList> = {}): ListStore {
    const list: McList = {
      listId: hexId(10),
      webId: this.nextWebId++,
      name,
      company: store.account.accountName,
      address1: "1 Main Street",
      city: "Portland",
      state: "OR",
      zip: "97201",
      country: "US",
      permissionReminder: "You signed up for updates at our studio.",
      fromName: store.account.accountName,
      fromEmail: store.account.email,
      subject: "",
      language: "en",
      emailTypeOption: false,
      doubleOptin: false,
      visibility: "prv",
      createdAt: this.now(),
      lastSubAt: null,
      lastUnsubAt: null,
      ...overrides,
    };
    const listStore = new ListStore(list);
    store.lists.push(listStore);
    this.touch();
    return listStore;
  }

  /** A new member with Mailchimp's defaults; callers set what their endpoint sets. */
  newMember(email: string, status: Member["status"], source: string): Member {
    const now = this.now();
    return {
      id: subscriberHash(email),
      emailAddress: email,
      uniqueEmailId: hexId(10),
      contactId: randomBytes(16).toString("hex"),
      webId: this.nextWebId++,
      emailType: "html",
      status,
      statusBeforeArchive: null,
      unsubscribeReason: "",
      mergeFields: {},
      interests: {},
      language: "",
      vip: false,
      ipSignup: "",
      timestampSignup: null,
      ipOpt: "",
      timestampOpt: status === "subscribed" ? now : null,
      lastChanged: now,
      unsubscribedAt: status === "unsubscribed" ? now : null,
      source,
      tags: [],
      createdAt: now,
    };
  }
}
