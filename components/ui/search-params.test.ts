import { describe, expect, it } from "vitest";
import { firstParam, hrefWith } from "./search-params";

describe("firstParam", () => {
  it("takes a single value as it is, the first of a repeated one, and nothing when absent", () => {
    expect(firstParam("yoga")).toBe("yoga");
    expect(firstParam(["yoga", "pilates"])).toBe("yoga");
    expect(firstParam(undefined)).toBeUndefined();
  });
});

describe("hrefWith", () => {
  it("keeps the parameters that have a value, in order, encoded", () => {
    expect(hrefWith("/clients", { q: "Ann & Bo", optIn: undefined, cc: "failed", after: "c1" })).toBe(
      "/clients?q=Ann+%26+Bo&cc=failed&after=c1",
    );
  });

  it("is the bare path when no parameter has a value", () => {
    expect(hrefWith("/audit-log", { action: "", from: null, to: undefined })).toBe("/audit-log");
  });
});
