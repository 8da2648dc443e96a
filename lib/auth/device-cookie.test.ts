import { describe, expect, it } from "vitest";
import { deviceFor, withDeviceToken } from "./device-cookie";

const SECRET = "a-secret-of-at-least-thirty-two-characters";

describe("device cookies", () => {
  it("hold a token per account, each verifying for its own account only", () => {
    const staff = withDeviceToken(undefined, "login:owner@sunrise.test", SECRET);
    const both = withDeviceToken(staff, "portal:sunrise-yoga:ann@example.test", SECRET);
    expect(deviceFor(both, "login:owner@sunrise.test", SECRET)).toBe(
      deviceFor(staff, "login:owner@sunrise.test", SECRET),
    );
    expect(deviceFor(both, "portal:sunrise-yoga:ann@example.test", SECRET)).toMatch(/^[\w-]{22}$/);
    expect(deviceFor(both, "login:someone-else@sunrise.test", SECRET)).toBeNull();
    expect(deviceFor(both, "login:owner@sunrise.test", "another-secret-of-thirty-two-characters")).toBeNull();
    // No account in it: only nonces and signatures.
    expect(both).not.toContain("owner");
  });

  it("keep the same token when renewed, the latest first, at most ten, and ignore what is not a token", () => {
    const first = withDeviceToken("junk~<script>", "login:a@x.test", SECRET);
    expect(first.split("~")).toHaveLength(1);
    expect(withDeviceToken(first, "login:a@x.test", SECRET)).toBe(first);
    let cookie = first;
    for (let i = 0; i < 12; i++) cookie = withDeviceToken(cookie, `login:${i}@x.test`, SECRET);
    expect(cookie.split("~")).toHaveLength(10);
    expect(deviceFor(cookie, "login:11@x.test", SECRET)).not.toBeNull();
    expect(deviceFor(cookie, "login:a@x.test", SECRET)).toBeNull(); // the oldest made room
  });
});
