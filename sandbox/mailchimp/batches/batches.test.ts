import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectedMailchimp } from "../testing/connected";
import { control, controlMemberOf, readJson, subscriberHash } from "../testing/helpers";

// 1 s in the queue plus 100 ms per operation, on the test's clock.
const mc = connectedMailchimp({ batchBaseMs: 1_000, batchMsPerOperation: 100 });
const dir = mkdtempSync(join(tmpdir(), "mc-batches-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface BatchJson {
  id: string;
  status: string;
  total_operations: number;
  finished_operations: number;
  errored_operations: number;
  submitted_at: string;
  completed_at: string;
  response_body_url: string;
}

const put = (listId: string, email: string, body: object, operationId: string) => ({
  method: "PUT",
  path: `/lists/${listId}/members/${subscriberHash(email)}`,
  body: JSON.stringify({ email_address: email, ...body }),
  operation_id: operationId,
});

/** Unpacks a .tar.gz with the system's tar: proof that it is a real archive. */
function untar(archive: Buffer): { name: string; content: unknown }[] {
  const target = mkdtempSync(join(dir, "x-"));
  const file = join(target, "results.tar.gz");
  writeFileSync(file, archive);
  execFileSync("tar", ["-xzf", file, "-C", target]);
  const files: { name: string; content: unknown }[] = [];
  for (const sub of readdirSync(target, { withFileTypes: true }))
    if (sub.isDirectory())
      for (const name of readdirSync(join(target, sub.name)).sort())
        files.push({
          name: `${sub.name}/${name}`,
          content: JSON.parse(readFileSync(join(target, sub.name, name), "utf8")),
        });
  return files;
}

describe("/batches", () => {
  it("moves from pending to finished on the clock, runs the operations, and serves their results as a .tar.gz", async () => {
    const listId = await mc.listId();
    const operations = [
      put(listId, "batched@example.com", { status_if_new: "subscribed", merge_fields: { FNAME: "Bea" } }, "op-1"),
      put(listId, "emma.wilson@example.com", { status: "subscribed" }, "op-2"),
      {
        method: "GET",
        path: `/lists/${listId}/members/${subscriberHash("ava.brooks@example.com")}`,
        params: { fields: "email_address,status" },
        operation_id: "op-3",
      },
      {
        method: "DELETE",
        path: `/lists/${listId}/members/${subscriberHash("ava.brooks@example.com")}`,
        operation_id: "op-4",
      },
      { method: "POST", path: "/lists/nope/members", body: "{}", operation_id: "op-5" },
    ];
    const started = await mc.post("/batches", { operations });
    expect(started.status).toBe(200);
    const batch = await readJson<BatchJson>(started);
    expect(batch).toMatchObject({
      status: "pending",
      total_operations: 5,
      finished_operations: 0,
      errored_operations: 0,
      completed_at: "",
      response_body_url: "",
    });
    const status = async () => readJson<BatchJson>(await mc.call(`/batches/${batch.id}`));
    // 1.5 s in all: 10% pending, 10% preprocessing, 70% started, 10% finalizing.
    mc.clock.advance(100);
    expect((await status()).status).toBe("pending");
    mc.clock.advance(100);
    expect((await status()).status).toBe("preprocessing");
    mc.clock.advance(550);
    expect(await status()).toMatchObject({ status: "started", finished_operations: 2 });
    mc.clock.advance(650);
    expect(await status()).toMatchObject({ status: "finalizing", finished_operations: 5 });
    // Nothing has happened to the audience yet.
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "batched@example.com")).toBeUndefined();
    mc.clock.advance(100);
    const done = await status();
    expect(done).toMatchObject({ status: "finished", finished_operations: 5, errored_operations: 2 });
    expect(done.completed_at).not.toBe("");
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "batched@example.com")).toMatchObject({
      status: "subscribed",
      merge_fields: { FNAME: "Bea" },
    });

    const archive = await fetch(done.response_body_url);
    expect(archive.status).toBe(200);
    const files = untar(Buffer.from(await archive.arrayBuffer()));
    expect(files.map((f) => f.name)).toEqual([`${batch.id}/1.json`]);
    const results = files[0]!.content as { status_code: number; operation_id: string; response: string }[];
    expect(results.map((r) => [r.operation_id, r.status_code])).toEqual([
      ["op-1", 200],
      ["op-2", 400],
      ["op-3", 200],
      ["op-4", 204],
      ["op-5", 404],
    ]);
    expect(typeof results[1]!.response).toBe("string");
    expect(JSON.parse(results[1]!.response)).toMatchObject({ title: "Member In Compliance State", status: 400 });
    expect(JSON.parse(results[2]!.response)).toEqual({ email_address: "ava.brooks@example.com", status: "subscribed" });
    expect(results[3]!.response).toBe("");
  });

  it("refuses an operation whose body is an object instead of a JSON string", async () => {
    const refused = await mc.post("/batches", {
      operations: [{ method: "POST", path: "/lists/x/members", body: { email_address: "a@example.com" } }],
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      title: "Invalid Resource",
      errors: [{ field: "operations.0.body", message: "Schema describes string, object found instead" }],
    });
  });

  it("runs one batch at a time per account, lists them, and stops one with DELETE (it never runs)", async () => {
    const listId = await mc.listId("Class Updates");
    const ops = (email: string) => ({ operations: [put(listId, email, { status_if_new: "subscribed" }, email)] });
    const first = await readJson<BatchJson>(await mc.post("/batches", ops("first@example.com")));
    const second = await readJson<BatchJson>(await mc.post("/batches", ops("second@example.com")));
    mc.clock.advance(1_050); // the first is running, the second waits for it
    expect((await readJson<BatchJson>(await mc.call(`/batches/${first.id}`))).status).toBe("finalizing");
    expect((await readJson<BatchJson>(await mc.call(`/batches/${second.id}`))).status).toBe("pending");
    const listed = await readJson<{ batches: BatchJson[]; total_items: number }>(
      await mc.call("/batches?count=1&offset=1"),
    );
    expect(listed.batches.map((b) => b.id)).toEqual([first.id]);
    expect(listed.total_items).toBe(3);
    expect((await mc.del(`/batches/${second.id}`)).status).toBe(204);
    expect((await mc.call(`/batches/${second.id}`)).status).toBe(404);
    mc.clock.advance(5_000);
    expect((await readJson<BatchJson>(await mc.call(`/batches/${first.id}`))).status).toBe("finished");
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "first@example.com", "Class Updates")).toBeDefined();
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "second@example.com", "Class Updates")).toBeUndefined();
    expect(
      (await control<{ batches: unknown[] }>(mc.url, "/batches?accountEmail=sunrise@mc.test")).batches.length,
    ).toBeGreaterThan(0);
  });
});
