import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "./return-path";

describe("the path signing in returns to", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeReturnPath("/clients?q=ana&status=failed")).toBe("/clients?q=ana&status=failed");
    expect(safeReturnPath("/support/audit#top")).toBe("/support/audit#top");
    expect(safeReturnPath("/clients/../setup")).toBe("/setup");
  });

  it.each([
    "//evil.example",
    "//evil.example/clients",
    "https://evil.example",
    "http://localhost:3000/clients",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/.//evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "clients",
    "",
    "/login",
    "/login?callbackUrl=%2Fclients",
  ])("sends %j to the start page instead", (raw) => {
    expect(safeReturnPath(raw)).toBe("/");
  });

  it("ignores anything but one string", () => {
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/clients", "/setup"])).toBe("/");
    expect(safeReturnPath(`/${"x".repeat(5_000)}`)).toBe("/");
  });

  it("puts the path into the login page's address only when there is somewhere to return to", () => {
    expect(signInPath("/clients?q=ana")).toBe("/login?callbackUrl=%2Fclients%3Fq%3Dana");
    expect(signInPath("/")).toBe("/login");
    expect(signInPath("//evil.example")).toBe("/login");
  });
});
