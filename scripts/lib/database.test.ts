import { describe, expect, it } from "vitest";
import { assertLocalDatabase, assertReachable, createThrowawayDatabase } from "./database";

describe("database checks the run command makes before starting", () => {
  it("explains a malformed DATABASE_URL", async () => {
    await expect(assertReachable("mysql://localhost/x")).rejects.toThrow(
      "DATABASE_URL is not a valid postgresql:// URL",
    );
    await expect(assertReachable("not a url")).rejects.toThrow("DATABASE_URL is not a valid postgresql:// URL");
  });

  it("names the host, port and database it cannot reach", async () => {
    // Port 1 on loopback refuses connections at once.
    await expect(assertReachable("postgresql://postgres@127.0.0.1:1/studio")).rejects.toThrow(
      /Cannot reach the database at 127\.0\.0\.1:1\/studio/,
    );
  });

  it("refuses a non-local database for tests", () => {
    expect(() => assertLocalDatabase("postgresql://u@db.example.com/prod")).toThrow(
      /non-local database \(db\.example\.com\)/,
    );
    expect(() => assertLocalDatabase("postgresql://u@127.0.0.1/test")).not.toThrow();
  });

  it("the throwaway-database path (every test run, the browser-test server) refuses a non-local server before touching it", async () => {
    // Nothing listens on this host: reaching it would fail differently, so the refusal must come first.
    await expect(createThrowawayDatabase("vitest", "postgresql://postgres@db.example.com:5432/prod")).rejects.toThrow(
      /Refusing to run tests against a non-local database \(db\.example\.com\)/,
    );
  });
});
