import { describe, expect, it } from "vitest";
import { connectedMailchimp } from "../testing/connected";
import { control, controlMemberOf, type ControlMembersJson } from "../testing/helpers";

const mc = connectedMailchimp();

describe("control API", () => {
  it("seeds an account with audiences and many members, every n-th unsubscribed or cleaned", async () => {
    const seeded = await control<{ email: string; lists: { name: string }[]; members: object }>(mc.url, "/seed", {
      account: { email: "big@mc.test", accountName: "Big <Studio> & Co" },
      lists: [{ name: "Newsletter" }, { name: "VIP" }],
      members: { list: "Newsletter", count: 20_000, unsubscribedEvery: 10, cleanedEvery: 7 },
    });
    expect(seeded.lists.map((l) => l.name)).toEqual(["Newsletter", "VIP"]);
    expect(seeded.members).toEqual({ created: 20_000, skipped: 0, unsubscribed: 1715, cleaned: 2857 });
    const { lists } = await control<{ lists: { name: string; counts: Record<string, number> }[] }>(
      mc.url,
      "/accounts/big@mc.test/lists",
    );
    expect(lists[0]!.counts).toMatchObject({ subscribed: 20_000 - 1715 - 2857, unsubscribed: 1715, cleaned: 2857 });
    const page = await (await fetch(`${mc.url}/?account=big@mc.test&list=Newsletter`)).text();
    expect(page).toContain("Showing 200 of 20000 members");
    expect(page).toContain("Big &lt;Studio&gt; &amp; Co");
    expect(page).not.toContain("Big <Studio>");
  });

  it("adds members directly (pre-existing opt-outs) and shows status, merge fields, groups and tags", async () => {
    const added = await control<ControlMembersJson>(mc.url, "/members", {
      accountEmail: "sunrise@mc.test",
      list: "Newsletter",
      members: [
        {
          email: "gone.before@example.com",
          status: "unsubscribed",
          mergeFields: { FNAME: "<b>Gone</b>" },
          tags: ["Old"],
        },
        { email: "groupie@example.com", interests: ["Classes: Yoga", "Pilates"] },
      ],
    });
    expect(added.members.map((m) => m.status)).toEqual(["unsubscribed", "subscribed"]);
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "groupie@example.com")).toMatchObject({
      interests: ["Classes: Yoga", "Classes: Pilates"],
      merge_fields: { FNAME: "", LNAME: "" },
      last_changed: expect.any(String),
    });
    const html = await (await fetch(`${mc.url}/?account=sunrise@mc.test&q=gone.before`)).text();
    expect(html).toContain("FNAME: &lt;b&gt;Gone&lt;/b&gt;");
    expect(html).toContain("unsubscribed");
    expect(html).toContain("Old");
    expect(html).not.toContain("<b>Gone</b>");
    const groups = await (await fetch(`${mc.url}/?account=sunrise@mc.test&q=groupie`)).text();
    expect(groups).toContain("Classes: Yoga, Classes: Pilates");
    expect(
      (
        await fetch(`${mc.url}/__control/members`, {
          method: "POST",
          body: JSON.stringify({
            accountEmail: "sunrise@mc.test",
            list: "Newsletter",
            members: [{ email: "groupie@example.com" }],
          }),
        })
      ).status,
    ).toBe(409);
  });

  it("unsubscribes and cleans as the person would, and changes the clock", async () => {
    await control(mc.url, "/unsubscribe", { accountEmail: "sunrise@mc.test", email: "ava.brooks@example.com" });
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "ava.brooks@example.com")).toMatchObject({
      status: "unsubscribed",
      unsubscribe_reason: "N/A (Unsubscribed by the subscriber)",
    });
    await control(mc.url, "/clean", { accountEmail: "sunrise@mc.test", email: "groupie@example.com", reason: "abuse" });
    expect(await controlMemberOf(mc.url, "sunrise@mc.test", "groupie@example.com")).toMatchObject({
      status: "cleaned",
    });
    expect(
      (
        await fetch(`${mc.url}/__control/unsubscribe`, {
          method: "POST",
          body: JSON.stringify({ accountEmail: "sunrise@mc.test", email: "nobody@example.com" }),
        })
      ).status,
    ).toBe(404);
    const before = await control<{ now: string }>(mc.url, "/clock");
    const after = await control<{ now: string }>(mc.url, "/clock", { advanceMs: 60_000 });
    expect(Date.parse(after.now) - Date.parse(before.now)).toBe(60_000);
  });

  it("changes config at run time and resets everything", async () => {
    expect(await control(mc.url, "/config", { maxConnections: 3 })).toMatchObject({ maxConnections: 3 });
    expect(
      (await fetch(`${mc.url}/__control/config`, { method: "POST", body: JSON.stringify({ bogus: 1 }) })).status,
    ).toBe(400);
    await control(mc.url, "/reset", {});
    expect(await control(mc.url, "/config")).toMatchObject({ maxConnections: 10 });
    const { accounts } = await control<{ accounts: { email: string }[] }>(mc.url, "/accounts");
    expect(accounts.map((a) => a.email)).toEqual(["sunrise@mc.test", "maple@mc.test"]);
    expect((await mc.call("/ping")).status).toBe(401); // tokens went with the old state
    expect(await control(mc.url, "/calls")).toMatchObject({ total: 1 });
  });
});
