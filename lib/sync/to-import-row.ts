import { z } from "zod";
import { CC_LIMITS, fitToLimit } from "../clients/constant-contact-limits";
import type { MergedContact } from "../clients/merge-family-contacts";
import type { ImportRow } from "../constant-contact/schemas";

// z.email()'s own pattern, tested directly (the length is checked first): the sync checks every row it sends, and a
// schema's safeParse allocates a result per call.
const EMAIL = z.regexes.email;

export type RowOrReason = { ok: true; row: ImportRow } | { ok: false; reason: string };

/**
 * The import row for one (merged) contact, or why it cannot be sent. Names and city longer than Constant
 * Contact accepts are shortened (the profile says so); an email that is too long or invalid cannot be shortened,
 * so such a contact is not sent and its clients are marked failed with the reason.
 */
export function toImportRow(contact: MergedContact): RowOrReason {
  if (contact.email.length > CC_LIMITS.emailBulkImport) {
    return {
      ok: false,
      reason: `Email is ${contact.email.length} characters; Constant Contact's import accepts at most ${CC_LIMITS.emailBulkImport}.`,
    };
  }
  if (!EMAIL.test(contact.email)) return { ok: false, reason: "Email address is not valid for Constant Contact." };
  const row: ImportRow = { email: contact.email };
  const first = fitToLimit(contact.firstName.trim(), CC_LIMITS.firstName);
  const last = fitToLimit(contact.lastName.trim(), CC_LIMITS.lastName);
  const city = contact.city ? fitToLimit(contact.city.trim(), CC_LIMITS.city) : "";
  if (first) row.first_name = first;
  if (last) row.last_name = last;
  if (city) row.city = city;
  return { ok: true, row };
}
