// Demo data: two Mailchimp accounts a person can log in to, each with an audience named "Newsletter" and two more, a
// group category, a tag, and a few members in every status; and a fast bulk generator for tests and benchmarks.
import { hexId, subscriberHash } from "./ids";
import type { Member, MemberStatus } from "./model";
import type { AccountStore, ListStore, MailchimpState } from "./state";

export const SEED_PASSWORD = "sandbox-password";

interface DemoMember {
  email: string;
  first: string;
  last: string;
  status: MemberStatus;
  groups?: string[];
  tags?: string[];
}

const SUNRISE: DemoMember[] = [
  { email: "ava.brooks@example.com", first: "Ava", last: "Brooks", status: "subscribed", groups: ["Yoga"] },
  {
    email: "liam.chen@example.com",
    first: "Liam",
    last: "Chen",
    status: "subscribed",
    groups: ["Yoga", "Pilates"],
    tags: ["VIP"],
  },
  { email: "emma.wilson@example.com", first: "Emma", last: "Wilson", status: "unsubscribed" },
  { email: "oliver.kim@example.com", first: "Oliver", last: "Kim", status: "cleaned" },
  { email: "mia.patel@example.com", first: "Mia", last: "Patel", status: "pending" },
];

const MAPLE: DemoMember[] = [
  { email: "james.martin@example.com", first: "James", last: "Martin", status: "subscribed", groups: ["Pilates"] },
  { email: "charlotte.roy@example.com", first: "Charlotte", last: "Roy", status: "subscribed" },
  { email: "amelia.scott@example.com", first: "Amelia", last: "Scott", status: "unsubscribed" },
];

export function seedDemo(state: MailchimpState, dc: string): void {
  seedDemoAccount(state, dc, "sunrise@mc.test", "Sunrise Yoga", ["Newsletter", "Class Updates", "Workshops"], SUNRISE);
  seedDemoAccount(state, dc, "maple@mc.test", "Maple Pilates", ["Newsletter", "Members"], MAPLE);
}

function seedDemoAccount(
  state: MailchimpState,
  dc: string,
  email: string,
  accountName: string,
  listNames: string[],
  members: DemoMember[],
): void {
  const store = state.createAccount({ email, password: SEED_PASSWORD, accountName, dc });
  const [newsletter] = listNames.map((name) => state.createList(store, name));
  if (!newsletter) return;
  const categoryId = hexId(10);
  newsletter.categories.push({ id: categoryId, title: "Classes", type: "checkboxes", displayOrder: 0 });
  for (const [i, name] of ["Yoga", "Pilates"].entries())
    newsletter.interests.push({ id: hexId(10), categoryId, name, displayOrder: i + 1 });
  for (const demo of members) {
    const member = addMember(state, newsletter, demo.email, demo.status, "Import");
    member.mergeFields = { FNAME: demo.first, LNAME: demo.last };
    for (const group of demo.groups ?? []) {
      const interest = newsletter.interests.find((i) => i.name === group);
      if (interest) member.interests[interest.id] = true;
    }
    for (const tag of demo.tags ?? []) {
      let listTag = newsletter.tagByName(tag);
      if (!listTag) {
        listTag = { id: state.nextTagId++, name: tag };
        newsletter.tags.push(listTag);
      }
      member.tags.push({ tagId: listTag.id, addedAt: state.now() });
    }
  }
}

/** Adds a member as an import would (no webhook), with the status's timestamps. */
export function addMember(
  state: MailchimpState,
  list: ListStore,
  email: string,
  status: MemberStatus,
  source: string,
): Member {
  const member = state.newMember(email, status, source);
  if (status === "unsubscribed") list.list.lastUnsubAt = state.now();
  if (status === "subscribed") list.list.lastSubAt = state.now();
  list.addMember(member);
  state.touch();
  return member;
}

export interface BulkMembers {
  count: number;
  unsubscribedEvery: number;
  cleanedEvery: number;
  emailPrefix: string;
  emailDomain: string;
}

/** `<prefix><i>@<domain>` for i = 1..count, every n-th unsubscribed or cleaned; existing addresses are skipped. */
export function seedBulkMembers(state: MailchimpState, _store: AccountStore, list: ListStore, input: BulkMembers) {
  let created = 0;
  let skipped = 0;
  let unsubscribed = 0;
  let cleaned = 0;
  for (let i = 1; i <= input.count; i++) {
    const email = `${input.emailPrefix}${i}@${input.emailDomain}`;
    if (list.member(subscriberHash(email))) {
      skipped++;
      continue;
    }
    let status: MemberStatus = "subscribed";
    if (input.cleanedEvery > 0 && i % input.cleanedEvery === 0) status = "cleaned";
    else if (input.unsubscribedEvery > 0 && i % input.unsubscribedEvery === 0) status = "unsubscribed";
    addMember(state, list, email, status, "Import");
    created++;
    if (status === "unsubscribed") unsubscribed++;
    if (status === "cleaned") cleaned++;
  }
  return { created, skipped, unsubscribed, cleaned };
}
