import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto";

const ring = (currentId: string, keys: [string, Buffer][]) => ({ currentId, keys: new Map(keys) });
const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe("token encryption", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = encryptSecret("access-token-123", "conn-1", ring("k1", [["k1", k1]]));
    expect(sealed).not.toContain("access-token-123");
    expect(sealed.startsWith("k1:")).toBe(true);
    expect(decryptSecret(sealed, "conn-1", ring("k1", [["k1", k1]]))).toBe("access-token-123");
  });

  it("refuses a ciphertext moved to another row (associated data)", () => {
    const sealed = encryptSecret("secret", "conn-1", ring("k1", [["k1", k1]]));
    expect(() => decryptSecret(sealed, "conn-2", ring("k1", [["k1", k1]]))).toThrow();
  });

  it("decrypts with an old key after rotation, and encrypts with the new one", () => {
    const old = encryptSecret("secret", "conn-1", ring("k1", [["k1", k1]]));
    const rotated = ring("k2", [
      ["k2", k2],
      ["k1", k1],
    ]);
    expect(decryptSecret(old, "conn-1", rotated)).toBe("secret");
    expect(encryptSecret("secret", "conn-1", rotated).startsWith("k2:")).toBe(true);
    expect(() => decryptSecret(old, "conn-1", ring("k2", [["k2", k2]]))).toThrow(/unknown key/);
  });

  it("detects tampering", () => {
    const sealed = encryptSecret("secret", "conn-1", ring("k1", [["k1", k1]]));
    const parts = sealed.split(":");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join(":"), "conn-1", ring("k1", [["k1", k1]]))).toThrow();
  });
});
