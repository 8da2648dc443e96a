import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  connectMailchimp,
  control,
  controlMemberOf,
  mcApi,
  mcListId,
  startReceiver,
  startTestMailchimpSandbox,
  subscriberHash,
} from "./testing/helpers";

const dir = mkdtempSync(join(tmpdir(), "mc-sandbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("keeps accounts, members, merge fields, webhooks, batches and tokens across a restart", async () => {
  const stateFile = join(dir, "state.json");
  const app = await startReceiver();
  const first = await startTestMailchimpSandbox({ stateFile, batchBaseMs: 0, batchMsPerOperation: 0 });
  const { token } = await connectMailchimp(first.url);
  const listId = await mcListId(first.url, "sunrise@mc.test", "Newsletter");
  await mcApi(first.url, token, `/lists/${listId}/merge-fields`, {
    method: "POST",
    body: { name: "City", type: "text", tag: "CITY" },
  });
  await mcApi(first.url, token, `/lists/${listId}/members`, {
    method: "POST",
    body: { email_address: "kept@example.com", status: "subscribed", merge_fields: { CITY: "Bend" } },
  });
  await mcApi(
    first.url,
    token,
    `/lists/${listId}/members/${subscriberHash("liam.chen@example.com")}/actions/delete-permanent`,
    { method: "POST" },
  );
  await mcApi(first.url, token, `/lists/${listId}/webhooks`, { method: "POST", body: { url: `${app.url}/hook` } });
  const batch = await (
    await mcApi(first.url, token, "/batches", {
      method: "POST",
      body: { operations: [{ method: "GET", path: "/ping" }] },
    })
  ).json();
  await mcApi(first.url, token, `/batches/${batch.id}`); // runs it
  await first.close();
  expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ format: 1, provider: "mailchimp" });

  const second = await startTestMailchimpSandbox({ stateFile });
  try {
    expect((await mcApi(second.url, token, "/ping")).status).toBe(200);
    expect(await controlMemberOf(second.url, "sunrise@mc.test", "kept@example.com")).toMatchObject({
      merge_fields: { CITY: "Bend" },
    });
    const forgotten = await mcApi(second.url, token, `/lists/${listId}/members`, {
      method: "POST",
      body: { email_address: "liam.chen@example.com", status: "subscribed" },
    });
    expect((await forgotten.json()).title).toBe("Forgotten Email Not Subscribed");
    expect(await (await mcApi(second.url, token, `/lists/${listId}/webhooks`)).json()).toMatchObject({
      total_items: 1,
    });
    expect(await (await mcApi(second.url, token, `/batches/${batch.id}`)).json()).toMatchObject({ status: "finished" });
    expect((await fetch(`${second.url}/batch-results/${batch.id}.tar.gz`)).status).toBe(200);
    // Re-authorizing still gives the same token.
    expect((await connectMailchimp(second.url)).token).toBe(token);
  } finally {
    await second.close();
    await app.close();
  }
});

it("tells when a change is saved, without waiting for close", async () => {
  const stateFile = join(dir, "saved.json");
  const sb = await startTestMailchimpSandbox({ stateFile });
  try {
    await control(sb.url, "/seed", { account: { email: "soon@mc.test" } });
    await sb.saved();
    expect(readFileSync(stateFile, "utf8")).toContain("soon@mc.test");
  } finally {
    await sb.close();
  }
});

it("refuses a state file of the other provider", async () => {
  const stateFile = join(dir, "cc.json");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(stateFile, JSON.stringify({ format: 1, accounts: [] }));
  await expect(startTestMailchimpSandbox({ stateFile })).rejects.toThrow(/not a Mailchimp sandbox state file/);
});
