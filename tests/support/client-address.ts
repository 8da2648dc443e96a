// A client address of its own for each test, so sign-in throttling in one test never counts another's attempts
// (test files run in parallel on one database). From 2001:db8::/32, the range reserved for documentation.
import { randomBytes } from "node:crypto";

export function testAddress(): string {
  const groups = randomBytes(8).toString("hex").match(/.{4}/g)!;
  return `2001:db8:${groups.slice(0, 6).join(":")}`;
}
