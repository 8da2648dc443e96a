// Constant Contact's field limits (from its v3 OpenAPI description), in one place. We keep the full value
// in our database and say on the profile what Constant Contact will get. Lengths are JavaScript string lengths
// (UTF-16 code units), the count Constant Contact's validation applies: an emoji counts as 2.

export const CC_LIMITS = {
  firstName: 50,
  lastName: 50,
  city: 50,
  /** JsonImportContact (bulk import, what the sync uses). */
  emailBulkImport: 50,
  /** A contact resource (POST/PUT /contacts). */
  emailContact: 80,
} as const;

export type SyncIssue = {
  field: "firstName" | "lastName" | "city" | "email";
  kind: "shortened" | "not-synced";
  message: string;
};

type Describable = { firstName: string; lastName: string; email: string | null; city: string | null };

const LABELS = { firstName: "First name", lastName: "Last name", city: "City" } as const;

/** What will not reach Constant Contact as stored, in words for the profile. Empty when everything fits. */
export function describeSyncIssues(client: Describable): SyncIssue[] {
  const issues: SyncIssue[] = [];
  if (!client.email) {
    issues.push({
      field: "email",
      kind: "not-synced",
      message: "This client has no email, so they are never sent to Constant Contact.",
    });
  } else if (client.email.length > CC_LIMITS.emailContact) {
    issues.push({
      field: "email",
      kind: "not-synced",
      message: `Email is ${client.email.length} characters: Constant Contact accepts at most ${CC_LIMITS.emailContact}, so this client cannot be synced.`,
    });
  } else if (client.email.length > CC_LIMITS.emailBulkImport) {
    issues.push({
      field: "email",
      kind: "not-synced",
      message: `Email is ${client.email.length} characters: Constant Contact's bulk import accepts ${CC_LIMITS.emailBulkImport}, so this client cannot be synced by import.`,
    });
  }
  for (const field of ["firstName", "lastName", "city"] as const) {
    const value = client[field];
    if (value && value.length > CC_LIMITS[field]) {
      issues.push({
        field,
        kind: "shortened",
        message: `${LABELS[field]} is ${value.length} characters: Constant Contact accepts ${CC_LIMITS[field]}, so it is sent shortened to "${fitToLimit(value, CC_LIMITS[field])}".`,
      });
    }
  }
  return issues;
}

/** Cuts a value to a limit without splitting a character (a surrogate pair is kept whole or dropped whole). */
export function fitToLimit(value: string, limit: number): string {
  if (value.length <= limit) return value;
  let out = "";
  for (const char of value) {
    if (out.length + char.length > limit) break;
    out += char;
  }
  return out.trimEnd();
}
