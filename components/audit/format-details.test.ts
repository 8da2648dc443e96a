import { describe, expect, it } from "vitest";
import { compactDetails } from "./format-details";

describe("audit details", () => {
  it("writes an instant (an impersonation's expiry) in the log's zone, never as raw ISO", () => {
    const details = compactDetails(
      { reason: "Ticket 42", expiresAt: "2026-11-28T06:41:14.774Z" },
      "America/Los_Angeles",
    );
    expect(details).toEqual([
      { key: "reason", label: "reason", value: "Ticket 42" },
      { key: "expiresAt", label: "expires at", value: "Nov 27, 2026, 10:41 PM PST" },
    ]);
  });

  it("leaves text that only looks like a date alone, and drops empty values", () => {
    const details = compactDetails({ from: "2026-11-28", note: "2026-11-28T99:99Z", listName: "", ok: true }, "UTC");
    expect(details).toEqual([
      { key: "from", label: "from", value: "2026-11-28" },
      { key: "note", label: "note", value: "2026-11-28T99:99Z" },
      { key: "ok", label: "ok", value: "yes" },
    ]);
  });
});
