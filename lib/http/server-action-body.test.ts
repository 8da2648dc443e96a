import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { refuseMalformedServerAction, SERVER_ACTION_BODY_LIMIT_BYTES } from "./server-action-body";

// The bodies a browser sends come from React's encodeReply (the copy Next ships): every shape it writes must pass,
// or real actions would answer 400. The browser test (e2e/server-action-bodies.spec.ts) sends the bad ones to the
// built app.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.edge") as {
  encodeReply(args: unknown[]): Promise<string | FormData>;
};

const ACTION_ID = "7f87f3de4427453cf57c6b09117be31721d816a79b";

function actionCall(body: BodyInit | null, headers: Record<string, string> = {}) {
  return new Request("http://localhost/login", {
    method: "POST",
    headers: { "Next-Action": ACTION_ID, ...headers },
    body,
  });
}

async function encodedCall(args: unknown[]) {
  const body = await encodeReply(args);
  // As Next's client sends it: a string as text/plain, FormData as multipart (fetch sets the boundary).
  return typeof body === "string"
    ? actionCall(body, { "Content-Type": "text/plain;charset=UTF-8" })
    : new Request(actionCall(null), { body, method: "POST" });
}

describe("refuseMalformedServerAction", () => {
  it("lets every argument list encodeReply writes through, as text or multipart", async () => {
    const form = new FormData();
    form.append("email", "owner@sunrise.test");
    form.append("photo", new Blob(["bytes"]), "photo.png");
    const argumentLists: unknown[][] = [
      [],
      [{ email: "owner@sunrise.test", password: "$ecret", tags: ["$a", "$$b"], note: null }],
      [{ at: new Date(0), missing: undefined, big: 10n, huge: Infinity, low: -Infinity, nan: NaN, zero: -0 }],
      ["business-id", form],
      [new Map([["a", 1]]), new Set([1, 2])],
      [{ nested: [[[["deep"]]]] }],
    ];
    for (const [index, args] of argumentLists.entries()) {
      expect(await refuseMalformedServerAction(await encodedCall(args)), `argument list ${index}`).toBeNull();
    }
  });

  it("refuses bodies that are not an argument list with 400", async () => {
    const text = { "Content-Type": "text/plain;charset=UTF-8" };
    for (const body of [
      '"a string"',
      "[1,",
      "",
      "42",
      '{"a":1}',
      "null",
      '["$Q1"]',
      '["$@1"]',
      '[{"a":"$1"}]',
      '["$nx"]',
    ]) {
      expect(await refuseMalformedServerAction(actionCall(body, text)), body).toEqual({
        status: 400,
        message: "Malformed server action request.",
      });
    }
    expect(await refuseMalformedServerAction(actionCall('"no content type"'))).toMatchObject({ status: 400 });
    const rootless = new FormData();
    rootless.append("1", "[]");
    const notAList = new FormData();
    notAList.append("0", '"a string"');
    for (const form of [rootless, notAList]) {
      expect(
        await refuseMalformedServerAction(new Request(actionCall(null), { body: form, method: "POST" })),
      ).toMatchObject({ status: 400 });
    }
    const brokenMultipart = actionCall("garbage", { "Content-Type": "multipart/form-data; boundary=zzz" });
    expect(await refuseMalformedServerAction(brokenMultipart)).toMatchObject({ status: 400 });
  });

  it("refuses a body over Next's limit with 413, declared or not", async () => {
    const huge = `[${'"x",'.repeat(SERVER_ACTION_BODY_LIMIT_BYTES / 4)}"x"]`;
    expect(await refuseMalformedServerAction(actionCall(huge))).toMatchObject({ status: 413 });
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    const chunked = new Request("http://localhost/login", {
      method: "POST",
      headers: { "Next-Action": ACTION_ID },
      body: streamed,
      duplex: "half",
    } as RequestInit);
    expect(chunked.headers.get("content-length")).toBeNull();
    expect(await refuseMalformedServerAction(chunked)).toMatchObject({ status: 413 });
  });

  it("leaves every other request alone, unread", async () => {
    const form = new Request("http://localhost/login", { method: "POST", body: "[1," });
    expect(await refuseMalformedServerAction(form)).toBeNull();
    expect(form.bodyUsed).toBe(false);
    const get = new Request("http://localhost/login", { headers: { "Next-Action": ACTION_ID } });
    expect(await refuseMalformedServerAction(get)).toBeNull();
  });
});
