// Development-only secrets, generated once and kept under .data/ so sessions and encrypted tokens survive a
// restart of `npm run dev`. Production never reaches this (lib/env.ts demands real values there).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type DevSecrets = { nextAuthSecret: string; tokenEncryptionKey: string };

const file = path.join(process.cwd(), ".data", "dev-secrets.json");

export function loadOrCreateDevSecrets(): DevSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  const secrets: DevSecrets = {
    nextAuthSecret: randomBytes(32).toString("base64url"),
    tokenEncryptionKey: randomBytes(32).toString("base64"),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
