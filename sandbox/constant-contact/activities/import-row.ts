// One row of a contacts_json_import, checked the way CC checks rows while processing: a bad row does not fail the
// request, it is counted in error_count with a message in activity_errors.
import { z } from "zod";
import { isValidEmail } from "../contact-rules";

const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .max(max, { error: `is longer than ${max} characters` })
    .nullish();

/** Field limits from JsonImportContact in the OpenAPI file (email is 50 here, not the 80 of contact resources). */
export const ImportRow = z
  .object({
    email: z
      .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
      .max(50, { error: "is longer than 50 characters" })
      .refine(isValidEmail, { error: "is invalid", abort: true }),
    first_name: text(50),
    last_name: text(50),
    job_title: text(50),
    company_name: text(50),
    phone: text(50),
    street: text(255),
    street2: text(255),
    city: text(50),
    state: text(50),
    zip: text(50),
    country: text(50),
    anniversary: text(10),
    birthday_month: z.number().int().min(1).max(12).nullish(),
    birthday_day: z.number().int().min(1).max(31).nullish(),
  })
  // Custom fields (`cf:name`) are checked against the account by customFieldValues; other unknown keys are ignored.
  .loose();
export type ImportRow = z.infer<typeof ImportRow>;

export type RowCheck = { ok: true; row: ImportRow } | { ok: false; message: string };

/** `rowNumber` is 1-based, as in CC's "Row 3: ..." messages. */
export function checkImportRow(raw: unknown, rowNumber: number): RowCheck {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, message: `Row ${rowNumber}: is not a contact object` };
  }
  const parsed = ImportRow.safeParse(raw);
  if (parsed.success) return { ok: true, row: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "row";
  return { ok: false, message: `Row ${rowNumber}: ${field} ${issue?.message ?? "is invalid"}` };
}

/** CC's limits on custom field values in an import row. */
export const MAX_CUSTOM_FIELDS_PER_ROW = 25;
export const MAX_CUSTOM_FIELD_VALUE = 255;

export type CustomFieldsCheck = { ok: true; values: Map<string, string> } | { ok: false; message: string };

/**
 * The row's `cf:<name>` values by custom_field_id, or why the row is refused: a field the account does not have,
 * a value that is not a string or longer than 255 characters, more than 25 custom fields. "" clears a value.
 */
export function customFieldValues(
  row: Record<string, unknown>,
  fieldIdByName: (name: string) => string | undefined,
  rowNumber: number,
): CustomFieldsCheck {
  const values = new Map<string, string>();
  const keys = Object.keys(row).filter((key) => key.startsWith("cf:"));
  if (keys.length > MAX_CUSTOM_FIELDS_PER_ROW) {
    return {
      ok: false,
      message: `Row ${rowNumber}: a contact can have at most ${MAX_CUSTOM_FIELDS_PER_ROW} custom fields`,
    };
  }
  for (const key of keys) {
    const id = fieldIdByName(key.slice(3));
    if (!id) return { ok: false, message: `Row ${rowNumber}: ${key} is not a custom field of this account` };
    const value = row[key] ?? "";
    if (typeof value !== "string") return { ok: false, message: `Row ${rowNumber}: ${key} must be a string` };
    if (value.length > MAX_CUSTOM_FIELD_VALUE) {
      return { ok: false, message: `Row ${rowNumber}: ${key} is longer than ${MAX_CUSTOM_FIELD_VALUE} characters` };
    }
    values.set(id, value);
  }
  return { ok: true, values };
}
