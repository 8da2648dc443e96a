import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestClient } from "../../prisma/seed/factories";
import { isPostgresText } from "../text/postgres-text";
import { listClients, PAGE_SIZE } from "./list-clients";
import { markSynced, staffContext } from "@/tests/support/client-fixtures";

describe("listClients", () => {
  it("finds clients by any part of the first name, last name or email, every word counting", async () => {
    const ctx = await staffContext();
    const joanna = await createTestClient(db, ctx.businessId, {
      firstName: "Joanna",
      lastName: "Smith",
      email: "jo@studio.test",
    });
    const anne = await createTestClient(db, ctx.businessId, {
      firstName: "Anne",
      lastName: "Jones",
      email: "a.jones@MAIL.test",
    });
    await createTestClient(db, ctx.businessId, { firstName: "Bob", lastName: "Brown", email: null });
    const names = async (q: string, optIn: "all" | "yes" | "no" = "all") =>
      (await listClients(ctx, { q, optIn })).clients.map((c) => c.firstName).sort();
    expect(await names("ANN")).toEqual(["Anne", "Joanna"]);
    expect(await names("ann smi")).toEqual(["Joanna"]);
    expect(await names("mail.TEST")).toEqual(["Anne"]);
    expect(await names("  ")).toEqual(["Anne", "Bob", "Joanna"]);
    expect(await names("zzz")).toEqual([]);
    // Wildcards and quotes are text, not patterns or SQL.
    expect(await names("%")).toEqual([]);
    await createTestClient(db, ctx.businessId, { firstName: "Percy", lastName: "100%_Fit" });
    expect(await names("0%_f")).toEqual(["Percy"]);
    expect(await names('\'; DROP TABLE "Client";--')).toEqual([]);
    await db.client.update({ where: { id: anne.id }, data: { newsOptIn: true } });
    expect(await names("", "yes")).toEqual(["Anne"]);
    expect(await names("", "no")).toEqual(["Bob", "Joanna", "Percy"]);
    void joanna;
  });

  it("filters by where the client stands with a connection's provider, this business's clients only", async () => {
    const ctx = await staffContext();
    const other = await staffContext();
    const make = async (
      businessId: typeof ctx.businessId,
      firstName: string,
      fields: { newsOptIn?: boolean; email?: string | null },
      state?: "SYNCED" | "FAILED" | "UNSUBSCRIBED_IN_PROVIDER",
      pending = false,
    ) => {
      const c = await createTestClient(db, businessId, { firstName, ...fields });
      if (!pending) await markSynced(c.id);
      if (state)
        await db.clientSyncState.create({
          data: {
            connectionId: (businessId === ctx.businessId ? ctx : other).connectionId!,
            clientId: c.id,
            businessId,
            status: state,
            lastError: state === "FAILED" ? "Email is not valid." : null,
          },
        });
      return c;
    };
    await make(ctx.businessId, "Synced", { newsOptIn: true }, "SYNCED");
    await make(ctx.businessId, "Waiting", { newsOptIn: true }, undefined, true);
    await make(ctx.businessId, "Failing", { newsOptIn: true }, "FAILED");
    await make(ctx.businessId, "Optedout", { newsOptIn: false });
    await make(ctx.businessId, "Unsubscribed", { newsOptIn: false }, "UNSUBSCRIBED_IN_PROVIDER");
    await make(ctx.businessId, "Noemail", { newsOptIn: true, email: null }, undefined, true);
    await make(other.businessId, "Elsewhere", { newsOptIn: true }, "FAILED");
    const names = async (sync: string, via?: string) =>
      (await listClients(ctx, { sync, via })).clients.map((c) => c.firstName).sort();
    expect(await names("in_list")).toEqual(["Synced"]);
    expect(await names("pending")).toEqual(["Waiting"]);
    expect(await names("failed")).toEqual(["Failing"]);
    expect(await names("not_opted_in")).toEqual(["Optedout", "Unsubscribed"]);
    expect(await names("unsubscribed_in_provider")).toEqual(["Unsubscribed"]);
    expect(await names("failed", "constant-contact")).toEqual(["Failing"]);
    // Anything else from the URL lists everyone, never an error.
    expect(await names("bogus")).toHaveLength(6);
    const listed = await listClients(ctx, { sync: "failed" });
    expect(listed).toMatchObject({ connections: ["CONSTANT_CONTACT"], filteredProvider: "CONSTANT_CONTACT" });
    expect(listed.clients[0]!.syncs).toEqual([
      {
        provider: "CONSTANT_CONTACT",
        syncPending: false,
        syncState: { status: "FAILED", lastError: "Email is not valid." },
      },
    ]);
  });

  it("pages forward and back by last name with keyset cursors, never mixing businesses", async () => {
    const ctx = await staffContext();
    const other = await staffContext();
    await createTestClient(db, other.businessId, { lastName: "Aaa other business" });
    const total = PAGE_SIZE * 2 + 5;
    await db.client.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        businessId: ctx.businessId,
        firstName: i % 2 ? "Same" : "Other",
        lastName: `Name ${String(Math.floor(i / 3)).padStart(3, "0")}`,
      })),
    });
    const page1 = await listClients(ctx, {});
    expect(page1.clients).toHaveLength(PAGE_SIZE);
    expect(page1.previousCursor).toBeNull();
    const page2 = await listClients(ctx, { after: page1.nextCursor! });
    const page3 = await listClients(ctx, { after: page2.nextCursor! });
    expect(page3.clients).toHaveLength(5);
    expect(page3.nextCursor).toBeNull();
    const all = [...page1.clients, ...page2.clients, ...page3.clients];
    expect(new Set(all.map((c) => c.id)).size).toBe(total);
    const sorted = [...all].sort((a, b) => (a.lastName + a.firstName).localeCompare(b.lastName + b.firstName));
    expect(all.map((c) => c.lastName)).toEqual(sorted.map((c) => c.lastName));
    const back = await listClients(ctx, { before: page3.previousCursor! });
    expect(back.clients.map((c) => c.id)).toEqual(page2.clients.map((c) => c.id));
    expect(back.nextCursor).not.toBeNull();
    expect((await listClients(ctx, { after: "garbage" })).clients.map((c) => c.id)).toEqual(
      page1.clients.map((c) => c.id),
    );
  });
});

/** Every C0 control character and the lone surrogates: text a URL can carry but no stored name holds. */
const UNSTORABLE_OR_CONTROL = [...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), "\uD800", "\uDFFF"];
const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");

describe("listClients with control characters (HTTP 500 before: Postgres refuses NUL)", () => {
  it("searches them as word breaks and reads such cursors as the first page, never throwing", async () => {
    const ctx = await staffContext();
    await createTestClient(db, ctx.businessId, { firstName: "Joanna", lastName: "Smith" });
    await createTestClient(db, ctx.businessId, { firstName: "Anne", lastName: "Jones" });
    const ids = async (input: Parameters<typeof listClients>[1]) =>
      (await listClients(ctx, input)).clients.map((x) => x.id);
    const firstPage = await ids({});
    expect(firstPage).toHaveLength(2);
    for (const c of UNSTORABLE_OR_CONTROL) {
      expect(await ids({ q: c })).toEqual(firstPage);
      expect((await listClients(ctx, { q: `jo${c}smi` })).clients.map((x) => x.firstName)).toEqual(["Joanna"]);
      // Not a cursor we wrote (a real one with the character appended included): the first page.
      for (const cursor of [c, `a${c}b`, `${cursorOf(["Jones", "Anne", randomUUID()])}${c}`]) {
        expect(await ids({ after: cursor })).toEqual(firstPage);
        expect(await ids({ before: cursor })).toEqual(firstPage);
      }
      // A position holding the character: NUL and lone surrogates make it malformed (the first page); any other
      // control character is a position no stored name has, so the page is some part of the list.
      const position = cursorOf([`Smith${c}`, "Joanna", randomUUID()]);
      const after = await ids({ after: position });
      if (!isPostgresText(c)) expect(after).toEqual(firstPage);
      expect(after.every((id) => firstPage.includes(id))).toBe(true);
      expect((await ids({ before: position })).every((id) => firstPage.includes(id))).toBe(true);
    }
  });
});
