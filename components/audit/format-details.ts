const MAX_VALUE = 120;

const KEY_LABELS: Record<string, string> = {
  ccAccountName: "account",
  ccAccountId: "account id",
  listName: "list",
  listId: "list id",
  previousStatus: "was",
  cancelledRuns: "runs cancelled",
  from: "from",
  to: "to",
};

function words(key: string): string {
  return KEY_LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
}

function valueText(value: unknown): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** Audit details as short "key: value" pairs: empty values left out, long ones cut, any shape tolerated. */
export function compactDetails(details: Record<string, unknown>): { key: string; label: string; value: string }[] {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([key, v]) => {
      const text = valueText(v);
      return { key, label: words(key), value: text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text };
    });
}
