// The rules for the fields staff (and later imports) type into a client profile. One place, so the create and
// edit forms and every lib function agree. Values are stored as given after trimming: an SQL- or HTML-looking
// name is a name (Prisma parameterises, React escapes); right-to-left and emoji names are names too.
import { z } from "zod";
import { normalizeEmail } from "./normalize-email";

export const NAME_MAX = 200;
export const CITY_MAX = 200;
/** RFC 5321's limit for a whole address. Constant Contact's own (lower) limits are warnings, not refusals. */
export const EMAIL_MAX = 254;

// C0 and C1 control characters (tab, newline, NUL, escape...): they break CSV exports and the sync payloads and
// are never part of a real name. Zero-width joiners and bidi marks are not controls and stay allowed next to
// visible characters (emoji and right-to-left names need them).
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

// Half of a surrogate pair without its other half (a string cut in the middle of an emoji, or made up), and U+FFFD,
// what such a half has already become if the text went through UTF-8 on the way here. Postgres stores UTF-8, so a
// lone half would be saved as U+FFFD without a word: the name would silently change.
const BROKEN_CHARACTERS = /\p{Cs}|\uFFFD/u;

// What a name can be made of and still show nothing: whitespace (which trim leaves inside), format characters
// (zero-width space, joiners, bidi marks) and everything Unicode says to render invisibly, such as the Hangul
// fillers (U+3164), which are letters by category.
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const VISIBLE_KINDS = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Whether someone reading the value would see anything: at least one letter, digit, punctuation or symbol (emoji). */
function hasVisibleCharacter(value: string): boolean {
  for (const char of value) if (VISIBLE_KINDS.test(char) && !INVISIBLE.test(char)) return true;
  return false;
}

function text(label: string, max: number) {
  return (
    z
      .string({ error: `Enter the ${label}.` })
      .trim()
      .max(max, `The ${label} can be at most ${max} characters.`)
      // One message per field: a value with a control or broken character is not also told it looks blank.
      .refine((v) => !CONTROL_CHARACTERS.test(v), {
        message: `The ${label} cannot contain control characters (such as tabs or line breaks).`,
        abort: true,
      })
      .refine((v) => !BROKEN_CHARACTERS.test(v), {
        message: `The ${label} contains an invalid character. Retype it and try again.`,
        abort: true,
      })
      // Empty is left to the required check (or means "none" for the city); only-invisible is neither.
      .refine((v) => v === "" || hasVisibleCharacter(v), `The ${label} has only invisible characters. Use letters.`)
  );
}

export const FirstName = text("first name", NAME_MAX).pipe(z.string().min(1, "Enter the first name."));
export const LastName = text("last name", NAME_MAX).pipe(z.string().min(1, "Enter the last name."));

// Parsing is idempotent (a parsed value parses again to itself): server actions validate in the wrapper and lib
// functions validate again at their own boundary, so null must be accepted where "" becomes null.

/** Empty means "no city" (null), not an empty string. */
export const City = text("city", CITY_MAX)
  .transform((v) => (v === "" ? null : v))
  .nullable();

/** Empty means "no email": such a client can exist but is never sent to Constant Contact. */
export const Email = z
  .string({ error: "Enter a valid email." })
  .trim()
  .max(EMAIL_MAX, `An email can be at most ${EMAIL_MAX} characters.`)
  .pipe(z.union([z.literal(""), z.email("Enter a valid email, like name@example.com.")]))
  .transform((v) => (v === "" ? null : v))
  .nullable();

export const ClientFieldsInput = z.object({
  firstName: FirstName,
  lastName: LastName,
  email: Email,
  city: City,
  /** "" for no type. */
  clientTypeId: z
    .union([z.literal(""), z.uuid("Choose a client type from the list.")])
    .transform((v) => (v === "" ? null : v))
    .nullable(),
  groupIds: z
    .array(z.uuid("Choose groups from the list."), { error: "Choose groups from the list." })
    .max(100)
    .default([]),
});
export type ClientFieldsInput = z.input<typeof ClientFieldsInput>;
export type ClientFields = z.output<typeof ClientFieldsInput>;

/** The synced columns as stored, derived from validated fields. */
export function syncedColumnsOf(fields: Pick<ClientFields, "firstName" | "lastName" | "email" | "city">) {
  return {
    firstName: fields.firstName,
    lastName: fields.lastName,
    email: fields.email,
    emailNormalized: normalizeEmail(fields.email),
    city: fields.city,
  };
}
