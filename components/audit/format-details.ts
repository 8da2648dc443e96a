import { formatExact } from "@/components/time/format-time";

const MAX_VALUE = 120;
/** An instant as JSON writes it ("2026-11-28T06:41:14.774Z"): shown in the zone of the log, never raw. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const KEY_LABELS: Record<string, string> = {
  // Entries written before Mailchimp used the cc… keys.
  ccAccountName: "account",
  ccAccountId: "account id",
  accountName: "account",
  accountId: "account id",
  listName: "list",
  listId: "list id",
  previousStatus: "was",
  cancelledRuns: "runs cancelled",
  from: "from",
  to: "to",
};

function words(key: string): string {
  return (
    KEY_LABELS[key] ??
    key
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .replace(/[_-]+/g, " ")
      .toLowerCase()
  );
}

function valueText(value: unknown, timeZone: string): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)))
    return formatExact(new Date(value), timeZone);
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/**
 * Audit details as short "key: value" pairs: empty values left out, long ones cut, times (an impersonation's
 * expiry) written in `timeZone`, any shape tolerated.
 */
export function compactDetails(
  details: Record<string, unknown>,
  timeZone: string,
): { key: string; label: string; value: string }[] {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([key, v]) => {
      const text = valueText(v, timeZone);
      return { key, label: words(key), value: text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text };
    });
}
