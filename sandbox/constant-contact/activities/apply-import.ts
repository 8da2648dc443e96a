// Applies a finished contacts_json_import to the account: creates or updates contacts by email and adds them to
// the import's lists, except unsubscribed contacts, which CC never re-adds (cannot_add_to_list_count).
import { randomUUID } from "node:crypto";
import { addToList } from "../contact-rules";
import type { Activity, ActivityResult, Contact } from "../model";
import { newCity } from "../seed";
import type { AccountStore, SandboxState } from "../state";
import { checkImportRow, customFieldValues, type ImportRow } from "./import-row";

export function applyImport(state: SandboxState, store: AccountStore, activity: Activity, now: number): ActivityResult {
  const result: ActivityResult = { personCount: 0, errorCount: 0, cannotAddToListCount: 0, errors: [] };
  const people = new Set<string>();
  const listIds = activity.listIds.filter((id) => store.list(id) !== undefined);
  activity.importRows.forEach((raw, index) => {
    const check = checkImportRow(raw, index + 1);
    if (!check.ok) {
      result.errorCount++;
      result.errors.push(check.message);
      return;
    }
    const custom = customFieldValues(check.row, (name) => store.customFieldByName(name)?.customFieldId, index + 1);
    if (!custom.ok) {
      result.errorCount++;
      result.errors.push(custom.message);
      return;
    }
    const existing = store.contactByEmail(check.row.email);
    const contact =
      existing ??
      // New contacts: implicit permission, opted in and created by the account (the importer), not the contact.
      state.createContact(store, check.row.email, {
        permission: "implicit",
        optInSource: "Account",
        createSource: "Account",
        ...stampedAt(now),
      });
    let changed = applyRowFields(contact, check.row, now);
    // Only the custom fields in the row change; the contact's other custom fields are left as they are.
    for (const [id, value] of custom.values) {
      if ((contact.customFields[id] ?? "") === value) continue;
      if (value === "") delete contact.customFields[id];
      else contact.customFields[id] = value;
      changed = true;
    }
    if (contact.deletedAt !== null) {
      contact.deletedAt = null; // importing a deleted contact brings it back
      changed = true;
    }
    let refused = false;
    for (const listId of listIds) {
      const outcome = addToList(contact, listId);
      if (outcome === "added") changed = true;
      if (outcome === "unsubscribed") refused = true;
      if (outcome === "too_many_lists") {
        result.errorCount++;
        result.errors.push(`Row ${index + 1}: contact is already on the maximum of 50 lists`);
      }
    }
    if (refused) result.cannotAddToListCount++;
    if (changed) {
      contact.updatedAt = now;
      contact.updateSource = "Account";
    }
    people.add(contact.contactId);
  });
  result.personCount = people.size;
  state.touch();
  return result;
}

/** Only the fields present in the row change ("" or null clears one); returns whether anything changed. */
function applyRowFields(contact: Contact, row: ImportRow, now: number): boolean {
  let changed = false;
  const set = <K extends keyof Contact>(key: K, value: Contact[K]) => {
    if (contact[key] !== value) {
      contact[key] = value;
      changed = true;
    }
  };
  const has = (key: string) => Object.prototype.hasOwnProperty.call(row, key);
  const clean = (value: string | null | undefined) =>
    value === undefined || value === null || value === "" ? null : value;
  if (has("first_name")) set("firstName", clean(row.first_name));
  if (has("last_name")) set("lastName", clean(row.last_name));
  if (has("job_title")) set("jobTitle", clean(row.job_title));
  if (has("company_name")) set("companyName", clean(row.company_name));
  if (has("anniversary")) set("anniversary", clean(row.anniversary));
  if (has("birthday_month")) set("birthdayMonth", row.birthday_month ?? null);
  if (has("birthday_day")) set("birthdayDay", row.birthday_day ?? null);
  if (has("phone")) {
    const phone = clean(row.phone);
    const current = contact.phoneNumbers[0]?.phoneNumber ?? null;
    if (phone !== current) {
      contact.phoneNumbers = phone
        ? [{ phoneNumberId: randomUUID(), phoneNumber: phone, kind: "home", createdAt: now, updatedAt: now }]
        : [];
      changed = true;
    }
  }
  const addressKeys = ["street", "street2", "city", "state", "zip", "country"] as const;
  if (addressKeys.some(has)) {
    const address = contact.streetAddress ?? newCity(null, now);
    const before = JSON.stringify(address);
    // The flat import fields land in street_addresses[0]; street2 is appended to street, as CC documents.
    if (has("street") || has("street2")) address.street = clean([row.street, row.street2].filter(Boolean).join(" "));
    if (has("city")) address.city = clean(row.city);
    if (has("state")) address.state = clean(row.state);
    if (has("zip")) address.postalCode = clean(row.zip);
    if (has("country")) address.country = clean(row.country);
    if (!contact.streetAddress || JSON.stringify(address) !== before) {
      address.updatedAt = now;
      contact.streetAddress = address;
      changed = true;
    }
  }
  return changed;
}

function stampedAt(now: number): Partial<Contact> {
  return { createdAt: now, updatedAt: now, emailCreatedAt: now, emailUpdatedAt: now, optInDate: now };
}
