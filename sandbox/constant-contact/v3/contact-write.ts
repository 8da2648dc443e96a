// Writing a contact's fields from a POST or PUT body. PUT is a full replace: scalar fields left out become null,
// and an included sub-resource (list_memberships, street_addresses, phone_numbers) replaces the old one whole.
import { randomUUID } from "node:crypto";
import { addToList, unsubscribe } from "../contact-rules";
import type { Contact, Permission } from "../model";
import type { AccountStore } from "../state";
import { ccError } from "./errors";
import type { ContactBody } from "./contact-schemas";

export function assertListsExist(store: AccountStore, listIds: string[] | undefined): void {
  const missing = (listIds ?? []).filter((id) => !store.list(id));
  if (missing.length > 0) throw ccError(404, "lists.api.not_found", `List(s) not found: ${missing.join(", ")}`);
}

export function writeContactFields(contact: Contact, body: ContactBody, now: number): void {
  contact.firstName = body.first_name ?? null;
  contact.lastName = body.last_name ?? null;
  contact.jobTitle = body.job_title ?? null;
  contact.companyName = body.company_name ?? null;
  contact.birthdayMonth = body.birthday_month ?? null;
  contact.birthdayDay = body.birthday_day ?? null;
  contact.anniversary = body.anniversary ?? null;
  if (body.street_addresses) {
    const input = body.street_addresses[0];
    contact.streetAddress = input
      ? {
          streetAddressId: contact.streetAddress?.streetAddressId ?? randomUUID(),
          kind: input.kind,
          street: input.street ?? null,
          city: input.city ?? null,
          state: input.state ?? null,
          postalCode: input.postal_code ?? null,
          country: input.country ?? null,
          createdAt: contact.streetAddress?.createdAt ?? now,
          updatedAt: now,
        }
      : null;
  }
  if (body.phone_numbers) {
    contact.phoneNumbers = body.phone_numbers.map((p) => ({
      phoneNumberId: randomUUID(),
      phoneNumber: p.phone_number,
      kind: p.kind,
      createdAt: now,
      updatedAt: now,
    }));
  }
  if (body.list_memberships) {
    // The included list becomes the full set; an unsubscribed contact can leave lists but never join one.
    const wanted = [...new Set(body.list_memberships)];
    const kept = contact.listIds.filter((id) => wanted.includes(id));
    contact.listIds = kept;
    for (const id of wanted) if (!kept.includes(id)) addToList(contact, id);
  }
  // Included taggings replace the contact's tags (at most 50, checked by the schema).
  if (body.taggings) contact.tagIds = [...new Set(body.taggings)];
}

/**
 * Permission changes an account may make: opt a contact out (source Account), or back in only when the account
 * itself opted them out. A contact who unsubscribed (source Contact) stays unsubscribed: only they can opt back in.
 */
export function writePermission(contact: Contact, permission: Permission | undefined, now: number): void {
  if (permission === undefined || permission === contact.permission) return;
  if (permission === "unsubscribed") {
    unsubscribe(contact, now, "Account");
    return;
  }
  if (contact.permission === "unsubscribed") {
    if (contact.optOutSource === "Contact") return;
    contact.optOutSource = null;
    contact.optOutDate = null;
    contact.optOutReason = null;
  }
  contact.permission = permission;
  contact.emailUpdatedAt = now;
}
