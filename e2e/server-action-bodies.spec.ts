import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// A server action call (a POST with a Next-Action header) whose body is not the argument list React's encodeReply
// writes is answered 400 by proxy.ts, before Next's decoder throws on it and the request ends as a server error.
// Every action of the build, every bad shape; a body over Next's 1 MB limit is 413. Real calls from the UI go
// through unchanged: every browser test that saves a form proves that.

/** Every server action of this build: its id (what a browser sends in the Next-Action header) and name. */
function serverActions(): { id: string; name?: string }[] {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), dist, "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string }> };
  return Object.entries(manifest.node).map(([id, action]) => ({ id, name: action.exportedName }));
}

const TEXT = "text/plain;charset=UTF-8";
const MALFORMED: { name: string; body: string; contentType?: string }[] = [
  { name: "a JSON string", body: '"hello"' },
  { name: "malformed JSON", body: "[1," },
  { name: "an empty body", body: "" },
  { name: "a number", body: "42" },
  { name: "an object", body: '{"email":"owner@sunrise.test"}' },
  { name: "null", body: "null" },
  { name: "a reference to a part a text body cannot have", body: '["$Q1"]' },
  {
    name: "a multipart body without its argument list",
    body: "--zzz\r\n",
    contentType: "multipart/form-data; boundary=zzz",
  },
  { name: "no content type", body: '"hello"', contentType: "" },
];

test("every server action answers 400 to a malformed body and 413 to a huge one, without a stack", async ({
  request,
}) => {
  const ids = serverActions().map((action) => action.id);
  expect(ids.length).toBeGreaterThan(10);
  const huge = `[${'"x",'.repeat(600_000)}"x"]`; // 2.4 MB, well-formed
  for (const id of ids) {
    for (const pagePath of ["/login", "/portal/sunrise-yoga"]) {
      for (const shape of [...MALFORMED, { name: "a huge body", body: huge }]) {
        const response = await request.post(pagePath, {
          headers: { "Next-Action": id, Accept: "text/x-component", "Content-Type": shape.contentType ?? TEXT },
          data: shape.body,
          maxRedirects: 0,
        });
        const label = `${id} at ${pagePath}: ${shape.name}`;
        expect(response.status(), label).toBe(shape.name === "a huge body" ? 413 : 400);
        const text = await response.text();
        expect(text, label).not.toMatch(/\n\s+at |Error:/);
        expect(response.headers()["content-security-policy"], label).toContain("frame-ancestors 'none'");
      }
    }
  }
});

test("a well-formed call still reaches its action", async ({ request }) => {
  const signIn = serverActions().find((action) => action.name === "signInPortalAction")!;
  const response = await request.post("/portal/sunrise-yoga", {
    headers: { "Next-Action": signIn.id, Accept: "text/x-component", "Content-Type": TEXT },
    data: JSON.stringify([{}]),
  });
  expect(response.status()).toBe(200);
  // The action's own answer to missing fields, in React's wire format.
  expect(await response.text()).toContain('"fieldErrors"');
});
