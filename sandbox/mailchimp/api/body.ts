// Request bodies: JSON objects validated with zod, failures in Mailchimp's problem shape (`Invalid Resource` with an
// `errors` array naming each field, in the style of Mailchimp's JSON-schema messages).
import type { z } from "zod";
import { invalidResource, type FieldError } from "../problem";

export function schemaErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".");
    let message: string;
    switch (issue.code) {
      case "invalid_type":
        message = `Schema describes ${issue.expected}, ${describe(issue.input)} found instead`;
        break;
      case "invalid_value":
        message = "Data did not match any of the schemas described in anyOf.";
        break;
      case "too_big":
        message = `There must be a maximum of ${String(issue.maximum)} items in the array`;
        break;
      case "too_small":
        message = "This value should not be blank.";
        break;
      default:
        message = issue.message;
    }
    return { field, message };
  });
}

function describe(value: unknown): string {
  if (value === null) return "NULL";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** The body as the schema's type, or a 400 Invalid Resource listing the fields that did not validate. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) throw invalidResource(schemaErrors(parsed.error));
  return parsed.data;
}
