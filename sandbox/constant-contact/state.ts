// The in-memory model of the sandbox: CC accounts with their lists and contacts, bulk activities, and the OAuth
// records (pending logins, codes, grants, tokens). Everything the server knows lives here, so a snapshot of this
// object is all persistence needs.
import { randomBytes, randomUUID } from "node:crypto";
import { ClockedState } from "../clocked-state";
import type {
  AccessTokenRecord,
  Account,
  Activity,
  AuthorizationCode,
  Contact,
  ContactList,
  CustomField,
  EmailCampaign,
  Grant,
  PendingAuthorization,
  Tag,
} from "./model";

/** Lower-case and trim: CC keeps one contact per email and matches case-insensitively. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export class AccountStore {
  lists: ContactList[] = [];
  customFields: CustomField[] = [];
  /** In creation order, which is the order GET /contact_tags pages through. */
  tags: Tag[] = [];
  /** In creation (seq) order, which is the order GET /contacts pages through. */
  contacts: Contact[] = [];
  /** Email campaigns in creation order (GET /emails pages through them so). */
  campaigns: EmailCampaign[] = [];
  private readonly byId = new Map<string, Contact>();
  private readonly byEmail = new Map<string, Contact>();

  constructor(readonly account: Account) {}

  addContact(contact: Contact): void {
    this.contacts.push(contact);
    this.byId.set(contact.contactId, contact);
    this.byEmail.set(contact.emailKey, contact);
  }

  contact(contactId: string): Contact | undefined {
    return this.byId.get(contactId);
  }

  contactByEmail(email: string): Contact | undefined {
    return this.byEmail.get(emailKey(email));
  }

  changeEmail(contact: Contact, email: string): void {
    this.byEmail.delete(contact.emailKey);
    contact.email = email.trim();
    contact.emailKey = emailKey(email);
    this.byEmail.set(contact.emailKey, contact);
  }

  list(listId: string): ContactList | undefined {
    return this.lists.find((list) => list.listId === listId);
  }

  tag(tagId: string): Tag | undefined {
    return this.tags.find((tag) => tag.tagId === tagId);
  }

  /** Tag names are unique per account regardless of case. */
  tagByName(name: string): Tag | undefined {
    const key = name.trim().toLowerCase();
    return this.tags.find((tag) => tag.name.toLowerCase() === key);
  }

  customFieldByName(name: string): CustomField | undefined {
    return this.customFields.find((field) => field.name.toLowerCase() === name.toLowerCase());
  }
}

export class SandboxState extends ClockedState {
  accounts = new Map<string, AccountStore>();
  activities = new Map<string, Activity>();
  pendingAuthorizations = new Map<string, PendingAuthorization>();
  codes = new Map<string, AuthorizationCode>();
  grants = new Map<string, Grant>();
  accessTokens = new Map<string, AccessTokenRecord>();
  /** Every refresh token ever issued → its grant, so an old (rotated) one is recognised and refused. */
  refreshTokens = new Map<string, string>();
  /** Signs access tokens; persisted so tokens stay valid across a restart with a state file. */
  jwtSecret = randomBytes(32).toString("base64url");
  nextSeq = 1;

  clear(): void {
    this.accounts.clear();
    this.activities.clear();
    this.pendingAuthorizations.clear();
    this.codes.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.nextSeq = 1;
    this.touch();
  }

  store(accountId: string): AccountStore | undefined {
    return this.accounts.get(accountId);
  }

  storeByEmail(email: string): AccountStore | undefined {
    const key = emailKey(email);
    for (const store of this.accounts.values()) if (emailKey(store.account.email) === key) return store;
    return undefined;
  }

  createAccount(input: {
    email: string;
    password: string;
    organizationName: string;
    firstName?: string;
    lastName?: string;
  }): AccountStore {
    const account: Account = {
      accountId: randomUUID(),
      // CC's encoded ids are short lower-case alphanumerics that start with a letter.
      encodedAccountId: "a" + randomBytes(10).toString("hex").slice(0, 13),
      email: input.email.trim(),
      password: input.password,
      organizationName: input.organizationName,
      firstName: input.firstName ?? "Sandbox",
      lastName: input.lastName ?? "Owner",
      createdAt: this.now(),
    };
    const store = new AccountStore(account);
    this.accounts.set(account.accountId, store);
    this.touch();
    return store;
  }

  createList(
    store: AccountStore,
    input: { name: string; description?: string | null; favorite?: boolean },
  ): ContactList {
    const now = this.now();
    const list: ContactList = {
      listId: randomUUID(),
      accountId: store.account.accountId,
      name: input.name,
      description: input.description ?? null,
      favorite: input.favorite ?? false,
      createdAt: now,
      updatedAt: now,
    };
    store.lists.push(list);
    this.touch();
    return list;
  }

  /** A fresh contact with CC's defaults; callers override what their endpoint sets. */
  createContact(store: AccountStore, email: string, overrides: Partial<Contact> = {}): Contact {
    const now = this.now();
    const contact: Contact = {
      contactId: randomUUID(),
      seq: this.nextSeq++,
      email: email.trim(),
      emailKey: emailKey(email),
      permission: "implicit",
      confirmStatus: "off",
      emailCreatedAt: now,
      emailUpdatedAt: now,
      optInSource: "Account",
      optInDate: now,
      optOutSource: null,
      optOutDate: null,
      optOutReason: null,
      firstName: null,
      lastName: null,
      jobTitle: null,
      companyName: null,
      birthdayMonth: null,
      birthdayDay: null,
      anniversary: null,
      phoneNumbers: [],
      streetAddress: null,
      listIds: [],
      customFields: {},
      tagIds: [],
      createSource: "Account",
      updateSource: "Account",
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      ...overrides,
    };
    store.addContact(contact);
    this.touch();
    return contact;
  }
}
