import { describe, expect, it } from "vitest";
import { clientAddress, UNKNOWN_ADDRESS } from "./client-address";

describe("clientAddress", () => {
  it("takes the address the outermost trusted proxy saw, never what the client wrote before it", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
    expect(clientAddress(headers, 1)).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }), 2)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "198.51.100.4" }, 1)).toBe("198.51.100.4");
  });

  it("reached directly, reads the socket address Next records there", () => {
    expect(clientAddress({ "x-forwarded-for": "::ffff:127.0.0.1" }, 0)).toBe("127.0.0.1");
    expect(clientAddress({ "x-forwarded-for": "::1" }, 0)).toBe("::1");
  });

  it("gives one shared 'unknown' for a missing or malformed header", () => {
    expect(clientAddress(undefined, 1)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(new Headers(), 0)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "not-an-ip\u0000" }, 1)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, 3)).toBe(UNKNOWN_ADDRESS);
  });
});
