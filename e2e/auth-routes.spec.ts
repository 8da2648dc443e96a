import { expect, test } from "@playwright/test";

// Requests next-auth and Inngest used to answer with a 500: a short 4xx instead.

test("the sign-in callback answers only POST", async ({ request }) => {
  const response = await request.get("/api/auth/callback/credentials");
  expect(response.status()).toBe(405);
  expect(response.headers()["allow"]).toBe("POST");
  expect(await response.json()).toEqual({ error: "Sign in with POST." });
});

for (const path of ["/api/auth/csrf", "/api/auth/session", "/api/auth/signout", "/api/auth/callback/credentials"]) {
  test(`malformed JSON to ${path} is a 400`, async ({ request }) => {
    // A Buffer: Playwright would JSON-encode a string sent as application/json.
    const response = await request.post(path, {
      headers: { "content-type": "application/json" },
      data: Buffer.from("{not json"),
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({ error: "The request body is not valid JSON." });
  });
}

test("the Inngest endpoint is not there when jobs run in the app process", async ({ request }) => {
  for (const method of ["GET", "POST", "PUT"] as const) {
    const response = await request.fetch("/api/inngest", {
      method,
      headers: { "content-type": "application/json" },
      data: "{}",
    });
    expect(response.status(), method).toBe(404);
    expect(await response.json()).toEqual({ error: "Not found." });
  }
});
