// Secrets at rest (Constant Contact tokens, PKCE verifiers): AES-256-GCM with a key id, so keys can rotate
// (old keys stay in TOKEN_ENCRYPTION_OLD_KEYS until nothing uses them), and associated data binding each
// ciphertext to its row: a token copied into another connection's row does not decrypt.
// Format: "<keyId>:<iv>:<tag>:<ciphertext>", base64url parts.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "./env";

type Keyring = { currentId: string; keys: Map<string, Buffer> };

function keyring(): Keyring {
  const e = env();
  const keys = new Map<string, Buffer>([[e.TOKEN_ENCRYPTION_KEY_ID, Buffer.from(e.TOKEN_ENCRYPTION_KEY, "base64")]]);
  for (const entry of e.TOKEN_ENCRYPTION_OLD_KEYS.split(",").filter(Boolean)) {
    const [id, key] = entry.split(":");
    if (id && key) keys.set(id.trim(), Buffer.from(key.trim(), "base64"));
  }
  return { currentId: e.TOKEN_ENCRYPTION_KEY_ID, keys };
}

export function encryptSecret(plaintext: string, associatedData: string, ring: Keyring = keyring()): string {
  const key = ring.keys.get(ring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    ring.currentId,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    data.toString("base64url"),
  ].join(":");
}

export function decryptSecret(sealed: string, associatedData: string, ring: Keyring = keyring()): string {
  const [keyId, iv, tag, data] = sealed.split(":");
  const key = keyId ? ring.keys.get(keyId) : undefined;
  if (!key || !iv || !tag || data === undefined) throw new Error("Cannot decrypt: unknown key or malformed value.");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** For one-time tokens (OAuth state, portal links, sessions): only the hash is stored. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
