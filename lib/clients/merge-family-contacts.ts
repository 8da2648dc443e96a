// The family rule. A business may have several clients with one email (a parent booking for children, a couple
// sharing an inbox); Constant Contact has one contact per email. What we send for such an email:
//
// - one contact, keyed by the normalized (trimmed, lowercased) email;
// - opted in if ANY of the clients is opted in (each opted-in client consented to mail at that address), and
//   nothing at all (null) when none is: the sync then only removes the address from the chosen list;
// - first name, last name and city from the most recently updated opted-in client (the freshest record of someone
//   who wants the mail); ties broken by id so every run picks the same one.
//
// Pure: the sync engine loads every client sharing the email (opted in or not) and calls this.
import { normalizeEmail } from "./normalize-email";

export type FamilyMember = {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  city: string | null;
  newsOptIn: boolean;
  updatedAt: Date;
};

export type MergedContact = {
  email: string;
  firstName: string;
  lastName: string;
  city: string | null;
  /** The client whose name and city are sent. */
  sourceClientId: string;
  /** Every opted-in client this contact stands for. */
  optedInClientIds: string[];
};

/** The newer record wins; ties go to the smaller id, so every run picks the same one. */
function fresher(a: FamilyMember, b: FamilyMember): boolean {
  const byTime = a.updatedAt.getTime() - b.updatedAt.getTime();
  return byTime > 0 || (byTime === 0 && a.id < b.id);
}

// One pass and no copies: the sync calls this for every client it sends (100,000 in a business's first sync).
export function mergeFamilyContacts(members: readonly FamilyMember[]): MergedContact | null {
  let email: string | null = null;
  let chosen: FamilyMember | null = null;
  const optedInClientIds: string[] = [];
  for (const member of members) {
    const normalized = normalizeEmail(member.email);
    if (normalized === null) continue;
    if (email === null) email = normalized;
    else if (normalized !== email)
      throw new Error("mergeFamilyContacts expects clients sharing one email, got more than one.");
    if (!member.newsOptIn) continue;
    optedInClientIds.push(member.id);
    if (chosen === null || fresher(member, chosen)) chosen = member;
  }
  if (chosen === null || email === null) return null;
  return {
    email,
    firstName: chosen.firstName,
    lastName: chosen.lastName,
    city: chosen.city,
    sourceClientId: chosen.id,
    optedInClientIds,
  };
}
