import { describe, expect, it } from "vitest";
import { importRowWriter } from "../integrations/constant-contact/rows";
import type { SyncClient } from "./queue";
import { segmentCells, type SegmentPlan } from "./segments";

const client = (over: Partial<SyncClient> & { synced?: { type?: string; groups?: string } } = {}): SyncClient => ({
  id: crypto.randomUUID(),
  firstName: "A",
  lastName: "B",
  email: "a@example.test",
  emailNormalized: "a@example.test",
  city: null,
  newsOptIn: true,
  unsubscribeSource: null,
  updatedAt: new Date(),
  syncVersion: 1,
  clientTypeName: null,
  groupNames: [],
  syncState: over.synced
    ? {
        status: "SYNCED",
        syncedEmail: "a@example.test",
        syncedListId: "l",
        remoteId: null,
        syncedClientType: over.synced.type ?? null,
        syncedGroups: over.synced.groups ?? null,
      }
    : null,
  ...over,
});

const on: SegmentPlan = {
  send: { clientType: true, groups: true },
  available: { clientType: true, groups: true },
  maxValueLength: { clientType: 255, groups: 255 },
};
const CC = "Constant Contact";
const off: SegmentPlan = { ...on, send: { clientType: false, groups: false } };

describe("segmentCells", () => {
  it("sends the family's distinct types and groups, sorted and comma-separated", () => {
    const a = client({ clientTypeName: "Member", groupNames: ["Yoga", "Seniors"] });
    const b = client({ clientTypeName: "Member", groupNames: ["Seniors", "Aqua"] });
    expect(segmentCells([a, b], [a, b], on, CC)).toEqual({
      cells: { clientType: "Member", groups: "Aqua, Seniors, Yoga" },
      groupNames: ["Aqua", "Seniors", "Yoga"],
      inFlight: { clientType: "Member", groups: "Aqua, Seniors, Yoga" },
      note: null,
    });
  });

  it("adds no cell for an empty value unless one of ours is there to clear", () => {
    expect(segmentCells([client()], [client()], on, CC).cells).toEqual({});
    const sent = client({ synced: { groups: "Yoga" } });
    expect(segmentCells([sent], [sent], on, CC).cells).toEqual({ groups: "" });
  });

  it("clears what was sent once a field is off, and leaves alone what never was", () => {
    const sent = client({ clientTypeName: "Member", synced: { type: "Member" } });
    expect(segmentCells([sent], [sent], off, CC)).toEqual({
      cells: { clientType: "" },
      inFlight: { clientType: "", groups: null },
      note: null,
    });
  });

  it("never cuts a value past 255 characters: clears it and says why", () => {
    const long = client({
      groupNames: Array.from({ length: 30 }, (_, i) => `Group number ${i}`),
      synced: { groups: "Yoga" },
    });
    const result = segmentCells([long], [long], on, CC);
    expect(result.cells).toEqual({ groups: "" });
    expect(result.inFlight.groups).toBe("");
    expect(result.note).toMatch(/^Groups not sent: \d{3} characters, Constant Contact accepts at most 255\.$/);
  });

  it("reports a chosen field that does not exist in the account and sends nothing for it", () => {
    const plan: SegmentPlan = { ...on, available: { clientType: true, groups: false } };
    const result = segmentCells([client({ groupNames: ["Yoga"] })], [], plan, CC);
    expect(result.cells).toEqual({});
    expect(result.inFlight.groups).toBeNull();
    expect(result.note).toBe("Groups not sent: the field does not exist in Constant Contact.");
  });

  it("Constant Contact's rows carry the cells as the custom fields' `cf:` keys (a field that does not exist: none)", () => {
    const writer = importRowWriter({ clientType: true, groups: true }, { clientType: "Client_type", groups: null });
    const contact = {
      email: "a@example.test",
      firstName: "A",
      lastName: "B",
      city: null,
      sourceClientId: "c1",
      optedInClientIds: ["c1"],
    };
    const written = writer.write(contact, { cells: { clientType: "Member", groups: "Yoga" } });
    expect(written.ok && JSON.parse(written.json)).toEqual({
      email: "a@example.test",
      first_name: "A",
      last_name: "B",
      "cf:Client_type": "Member",
    });
    expect(writer.plan.available).toEqual({ clientType: true, groups: false });
  });
});
