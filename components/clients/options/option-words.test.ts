import { describe, expect, it } from "vitest";
import { providerNames, sentFieldWords } from "./option-words";

describe("the client types and groups page's words for where they are sent", () => {
  it("names one tool, two with and (or where none is meant)", () => {
    expect(providerNames(["CONSTANT_CONTACT"])).toBe("Constant Contact");
    expect(providerNames(["CONSTANT_CONTACT", "MAILCHIMP"])).toBe("Constant Contact and Mailchimp");
    expect(providerNames(["CONSTANT_CONTACT", "MAILCHIMP"], "or")).toBe("Constant Contact or Mailchimp");
  });

  it("names the field in each tool's own word", () => {
    expect(sentFieldWords("group", ["CONSTANT_CONTACT"])).toBe("the custom field “Client groups”");
    expect(sentFieldWords("group", ["MAILCHIMP"])).toBe("the group category “Client groups”");
    expect(sentFieldWords("type", ["MAILCHIMP"])).toBe("the merge field “Client type”");
    expect(sentFieldWords("type", ["CONSTANT_CONTACT", "MAILCHIMP"])).toBe("“Client type”");
  });
});
