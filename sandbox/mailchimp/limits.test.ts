import { describe, expect, it } from "vitest";
import { connectedMailchimp } from "./testing/connected";
import { connectMailchimp, control, mcApi, readJson } from "./testing/helpers";

const mc = connectedMailchimp();

describe("the 10-connection limit", () => {
  it("refuses the 11th simultaneous request of an account with 429, and no other account's", async () => {
    await control(mc.url, "/calls/reset", {});
    await control(mc.url, "/faults", { kind: "delay", delayMs: 2_000, count: 10, pathPrefix: "/3.0/ping" });
    const slow = Array.from({ length: 10 }, () => mc.call("/ping"));
    // Wait until all ten are in flight (held by the delay), however busy the machine is.
    for (const deadline = Date.now() + 10_000; ;) {
      const { inFlight } = await control<{ inFlight: Record<string, number> }>(mc.url, "/connections");
      if (inFlight["sunrise@mc.test"] === 10) break;
      if (Date.now() > deadline) throw new Error(`only ${inFlight["sunrise@mc.test"]} requests in flight`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const eleventh = await mc.call("/lists");
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(await eleventh.json()).toMatchObject({
      title: "Too Many Requests",
      status: 429,
      detail: "You have exceeded the limit of 10 simultaneous connections.",
      instance: eleventh.headers.get("x-request-id"),
    });
    const maple = (await connectMailchimp(mc.url, { email: "maple@mc.test" })).token;
    expect((await mcApi(mc.url, maple, "/lists")).status).toBe(200);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await mc.call("/lists")).status).toBe(200);
    const stats = await control<{ peak: Record<string, number>; refused: number; inFlight: Record<string, number> }>(
      mc.url,
      "/connections",
    );
    expect(stats).toEqual({ inFlight: {}, peak: { "sunrise@mc.test": 10, "maple@mc.test": 1 }, refused: 1 });
  });
});

describe("faults", () => {
  it("answers 429, a bare 403, 500 and 503 on demand, then recovers", async () => {
    await control(mc.url, "/faults", {
      faults: [{ kind: "429" }, { kind: "403" }, { kind: "500" }, { kind: "503" }].map((f) => ({
        ...f,
        pathPrefix: "/3.0/lists",
      })),
    });
    const throttled = await mc.call("/lists");
    expect(throttled.status).toBe(429);
    expect((await throttled.json()).detail).toBe("You have exceeded the limit of 10 simultaneous connections.");
    const forbidden = await mc.call("/lists");
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toBeNull();
    expect(await forbidden.text()).toBe("");
    const broken = await mc.call("/lists");
    expect(broken.status).toBe(500);
    expect(await broken.json()).toMatchObject({ title: "Internal Server Error" });
    const disabled = await mc.call("/lists");
    expect(disabled.status).toBe(503);
    expect(await disabled.json()).toMatchObject({
      title: "Compliance Related",
      detail: "This method has been disabled.",
    });
    expect((await mc.call("/lists")).status).toBe(200);
  });

  it("drops connections, fails every call for a time window on the sandbox clock, and can be cleared", async () => {
    await control(mc.url, "/faults", { kind: "drop", pathPrefix: "/3.0/ping" });
    await expect(mc.call("/ping")).rejects.toThrow();
    await control(mc.url, "/faults", { kind: "500", durationMs: 10_000 });
    expect((await mc.call("/ping")).status).toBe(500);
    mc.clock.advance(10_000);
    expect((await mc.call("/ping")).status).toBe(200);
    await control(mc.url, "/faults", { kind: "503", durationMs: 10_000 });
    await control(mc.url, "/faults", undefined, "DELETE");
    expect((await mc.call("/ping")).status).toBe(200);
  });
});

describe("credentials and errors", () => {
  it("takes the token as Bearer or as Basic's password, and answers 401 without or with a wrong one", async () => {
    expect((await mcApi(mc.url, mc.token, "/ping", { auth: "basic" })).status).toBe(200);
    const missing = await fetch(`${mc.url}/3.0/ping`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({
      title: "API Key Missing",
      detail: "Your request did not include an API key.",
    });
    const wrong = await mcApi(mc.url, "0".repeat(32), "/ping");
    expect(await wrong.json()).toMatchObject({
      title: "API Key Invalid",
      detail: "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
    });
  });

  it("answers unknown paths 404, wrong methods 405 with Allow, and malformed JSON with a JSON Parse Error", async () => {
    expect((await mc.call("/nothing-here")).status).toBe(404);
    const wrongMethod = await mc.call("/ping", { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    const listId = await mc.listId();
    const malformed = await mc.call(`/lists/${listId}/members`, { method: "POST", rawBody: "{nope" });
    expect(await malformed.json()).toMatchObject({
      title: "JSON Parse Error",
      detail: "We encountered an unspecified JSON parsing error.",
    });
  });
});

describe("calls", () => {
  it("logs every call with method, endpoint pattern, time and account", async () => {
    await control(mc.url, "/calls/reset", {});
    const listId = await mc.listId();
    await mc.call(`/lists/${listId}/members?count=1`);
    await mc.call(`/lists/${listId}`);
    await fetch(`${mc.url}/3.0/ping`);
    const calls = await control<{ total: number; calls: Record<string, number>; log: object[] }>(mc.url, "/calls");
    expect(calls.total).toBe(3);
    expect(calls.calls).toEqual({
      "GET /3.0/lists/{list_id}/members": 1,
      "GET /3.0/lists/{list_id}": 1,
      "GET /3.0/ping": 1,
    });
    expect(calls.log).toEqual([
      { method: "GET", endpoint: "/3.0/lists/{list_id}/members", at: expect.any(String), account: "sunrise@mc.test" },
      { method: "GET", endpoint: "/3.0/lists/{list_id}", at: expect.any(String), account: "sunrise@mc.test" },
      { method: "GET", endpoint: "/3.0/ping", at: expect.any(String), account: null },
    ]);
    expect(await readJson<{ total: number }>(await fetch(`${mc.url}/__control/calls`))).toMatchObject({ total: 3 });
  });
});
