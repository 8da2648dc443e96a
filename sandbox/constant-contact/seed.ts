// Demo data: two CC accounts a person can log in to, and a fast bulk generator for tests and benchmarks.
import { randomUUID } from "node:crypto";
import { unsubscribe } from "./contact-rules";
import type { Contact } from "./model";
import type { AccountStore, SandboxState } from "./state";

export const SEED_PASSWORD = "sandbox-password";

interface DemoContact {
  email: string;
  firstName: string;
  lastName: string;
  city: string;
  lists: string[];
  unsubscribed?: boolean;
}

const SUNRISE: DemoContact[] = [
  { email: "ava.brooks@example.com", firstName: "Ava", lastName: "Brooks", city: "Portland", lists: ["Newsletter"] },
  {
    email: "liam.chen@example.com",
    firstName: "Liam",
    lastName: "Chen",
    city: "Portland",
    lists: ["Newsletter", "Workshops"],
  },
  {
    email: "mia.patel@example.com",
    firstName: "Mia",
    lastName: "Patel",
    city: "Beaverton",
    lists: ["Newsletter", "Class Updates", "Workshops"],
  },
  { email: "noah.garcia@example.com", firstName: "Noah", lastName: "Garcia", city: "Salem", lists: ["Class Updates"] },
  {
    email: "emma.wilson@example.com",
    firstName: "Emma",
    lastName: "Wilson",
    city: "Portland",
    lists: ["Newsletter"],
    unsubscribed: true,
  },
  {
    email: "oliver.kim@example.com",
    firstName: "Oliver",
    lastName: "Kim",
    city: "Eugene",
    lists: ["Workshops"],
    unsubscribed: true,
  },
  { email: "sophia.nguyen@example.com", firstName: "Sophia", lastName: "Nguyen", city: "Portland", lists: [] },
];

const MAPLE: DemoContact[] = [
  {
    email: "james.martin@example.com",
    firstName: "James",
    lastName: "Martin",
    city: "Toronto",
    lists: ["Newsletter", "Members"],
  },
  {
    email: "charlotte.roy@example.com",
    firstName: "Charlotte",
    lastName: "Roy",
    city: "Montreal",
    lists: ["Newsletter"],
  },
  {
    email: "lucas.tremblay@example.com",
    firstName: "Lucas",
    lastName: "Tremblay",
    city: "Ottawa",
    lists: ["Members", "Promotions"],
  },
  {
    email: "amelia.scott@example.com",
    firstName: "Amelia",
    lastName: "Scott",
    city: "Toronto",
    lists: ["Newsletter", "Promotions"],
    unsubscribed: true,
  },
  {
    email: "ethan.wright@example.com",
    firstName: "Ethan",
    lastName: "Wright",
    city: "Kingston",
    lists: ["Promotions"],
  },
];

export function seedDemo(state: SandboxState): void {
  seedDemoAccount(
    state,
    "sunrise@cc.test",
    "Sunrise Yoga Marketing",
    ["Newsletter", "Class Updates", "Workshops"],
    SUNRISE,
  );
  seedDemoAccount(state, "maple@cc.test", "Maple Pilates Marketing", ["Newsletter", "Members", "Promotions"], MAPLE);
}

function seedDemoAccount(
  state: SandboxState,
  email: string,
  organizationName: string,
  listNames: string[],
  contacts: DemoContact[],
): void {
  const store = state.createAccount({ email, password: SEED_PASSWORD, organizationName });
  const listIdByName = new Map(listNames.map((name) => [name, state.createList(store, { name }).listId]));
  for (const demo of contacts) {
    const contact = state.createContact(store, demo.email, {
      firstName: demo.firstName,
      lastName: demo.lastName,
      listIds: demo.lists.map((name) => listIdByName.get(name)).filter((id): id is string => id !== undefined),
    });
    contact.streetAddress = newCity(demo.city, contact.createdAt);
    // Unsubscribed through an email link: the contact keeps its list memberships but can no longer be emailed.
    if (demo.unsubscribed) unsubscribe(contact, state.now(), "Contact");
  }
}

export function newCity(city: string | null, now: number): NonNullable<Contact["streetAddress"]> {
  return {
    streetAddressId: randomUUID(),
    kind: "home",
    street: null,
    city,
    state: null,
    postalCode: null,
    country: null,
    createdAt: now,
    updatedAt: now,
  };
}

export interface BulkContactsInput {
  count: number;
  listIds: string[];
  emailPrefix: string;
  emailDomain: string;
  /** Every n-th generated contact is unsubscribed (by the contact); 0 for none. */
  unsubscribedEvery: number;
}

const CITIES = ["Portland", "Seattle", "Denver", "Austin", "Boston", "Chicago"];

/** Straight into the arrays, no per-contact validation: 100,000 contacts take well under a second. */
export function seedBulkContacts(
  state: SandboxState,
  store: AccountStore,
  input: BulkContactsInput,
): { created: number; skipped: number; unsubscribed: number } {
  const now = state.now();
  let created = 0;
  let skipped = 0;
  let unsubscribed = 0;
  for (let i = 1; i <= input.count; i++) {
    const email = `${input.emailPrefix}${i}@${input.emailDomain}`;
    if (store.contactByEmail(email)) {
      skipped++;
      continue;
    }
    const contact = state.createContact(store, email, {
      firstName: "Client",
      lastName: String(i),
      listIds: [...input.listIds],
    });
    contact.streetAddress = newCity(CITIES[i % CITIES.length] ?? "Portland", now);
    if (input.unsubscribedEvery > 0 && i % input.unsubscribedEvery === 0) {
      unsubscribe(contact, now, "Contact");
      unsubscribed++;
    }
    created++;
  }
  return { created, skipped, unsubscribed };
}
