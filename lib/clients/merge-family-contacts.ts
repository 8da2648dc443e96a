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

export function mergeFamilyContacts(members: readonly FamilyMember[]): MergedContact | null {
  const withEmail = members.filter((m) => normalizeEmail(m.email) !== null);
  const emails = new Set(withEmail.map((m) => normalizeEmail(m.email)));
  if (emails.size > 1)
    throw new Error(`mergeFamilyContacts expects clients sharing one email, got ${emails.size} emails.`);
  const optedIn = withEmail.filter((m) => m.newsOptIn);
  if (optedIn.length === 0) return null;
  const [chosen] = [...optedIn].sort(
    (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return {
    email: normalizeEmail(chosen!.email)!,
    firstName: chosen!.firstName,
    lastName: chosen!.lastName,
    city: chosen!.city,
    sourceClientId: chosen!.id,
    optedInClientIds: optedIn.map((m) => m.id),
  };
}
