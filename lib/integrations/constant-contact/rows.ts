// Rows of a contacts_json_import: one contact as Constant Contact's bulk import takes it, with the segment values as
// custom field cells (`cf:<field name>`).
import { z } from "zod";
import type { MergedContact } from "../../clients/merge-family-contacts";
import type { RowOrReason, RowWriter, SegmentKey, SegmentPlan, SegmentValues } from "../provider";
import { CC_LIMITS, fitToLimit } from "./field-limits";
import { CUSTOM_FIELD_LIMITS, type ImportRow } from "./schemas";

// z.email()'s own pattern, tested directly (the length is checked first): the sync checks every row it sends, and a
// schema's safeParse allocates a result per call.
const EMAIL = z.regexes.email;

/**
 * The import row for one (merged) contact, or why it cannot be sent. Names and city longer than Constant
 * Contact accepts are shortened (the profile says so); an email that is too long or invalid cannot be shortened,
 * so such a contact is not sent and its clients are marked failed with the reason.
 */
export function toImportRow(contact: MergedContact): { ok: true; row: ImportRow } | { ok: false; reason: string } {
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

/** Writes rows with the segment values in the custom fields named `fieldNames` (null: the field does not exist). */
export function importRowWriter(
  send: Record<SegmentKey, boolean>,
  fieldNames: Record<SegmentKey, string | null>,
): RowWriter {
  const plan: SegmentPlan = {
    send,
    available: { clientType: fieldNames.clientType !== null, groups: fieldNames.groups !== null },
    maxValueLength: { clientType: CUSTOM_FIELD_LIMITS.valueLength, groups: CUSTOM_FIELD_LIMITS.valueLength },
  };
  return {
    plan,
    // Constant Contact's import never re-subscribes an unsubscribed contact (and there is no way to ask them again by
    // import), so `unsubscribedThere` changes nothing here.
    write(contact: MergedContact, segment: SegmentValues | null): RowOrReason {
      const converted = toImportRow(contact);
      if (!converted.ok) return converted;
      if (!segment) return { ok: true, json: JSON.stringify(converted.row) };
      const row: ImportRow = { ...converted.row };
      for (const [key, value] of Object.entries(segment.cells) as [SegmentKey, string][]) {
        const name = fieldNames[key];
        if (name) row[`cf:${name}`] = value;
      }
      return { ok: true, json: JSON.stringify(row) };
    },
  };
}
