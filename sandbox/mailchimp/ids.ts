// Identifiers in Mailchimp's shapes, and the subscriber hash.
import { createHash, randomBytes } from "node:crypto";

/** Lower-case hex of `bytes` random bytes (list ids and interest ids are 10 characters). */
export function hexId(length = 10): string {
  return randomBytes(Math.ceil(length / 2))
    .toString("hex")
    .slice(0, length);
}

/** Mailchimp's subscriber hash: the MD5 of the lower-cased email address, in lower-case hex. */
export function subscriberHash(email: string): string {
  return createHash("md5").update(email.toLowerCase()).digest("hex");
}

/** Loose version of what Mailchimp accepts: something@domain.tld without spaces. */
export function isValidEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email);
}
