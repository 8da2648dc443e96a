import { describe, expect, it } from "vitest";
import type { SyncClient } from "./pending-clients";
import { segmentCells, type SegmentPlan } from "./segment-values";

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
  fieldNames: { clientType: "Client_type", groups: "Client_groups" },
};
const off: SegmentPlan = { ...on, send: { clientType: false, groups: false } };

describe("segmentCells", () => {
  it("sends the family's distinct types and groups, sorted and comma-separated", () => {
    const a = client({ clientTypeName: "Member", groupNames: ["Yoga", "Seniors"] });
    const b = client({ clientTypeName: "Member", groupNames: ["Seniors", "Aqua"] });
    expect(segmentCells([a, b], [a, b], on)).toEqual({
      cells: { "cf:Client_type": "Member", "cf:Client_groups": "Aqua, Seniors, Yoga" },
      inFlight: { clientType: "Member", groups: "Aqua, Seniors, Yoga" },
      note: null,
    });
  });

  it("adds no cell for an empty value unless one of ours is there to clear", () => {
    expect(segmentCells([client()], [client()], on).cells).toEqual({});
    const sent = client({ synced: { groups: "Yoga" } });
    expect(segmentCells([sent], [sent], on).cells).toEqual({ "cf:Client_groups": "" });
  });

  it("clears what was sent once a field is off, and leaves alone what never was", () => {
    const sent = client({ clientTypeName: "Member", synced: { type: "Member" } });
    expect(segmentCells([sent], [sent], off)).toEqual({
      cells: { "cf:Client_type": "" },
      inFlight: { clientType: "", groups: null },
      note: null,
    });
  });

  it("never cuts a value past 255 characters: clears it and says why", () => {
    const long = client({
      groupNames: Array.from({ length: 30 }, (_, i) => `Group number ${i}`),
      synced: { groups: "Yoga" },
    });
    const result = segmentCells([long], [long], on);
    expect(result.cells).toEqual({ "cf:Client_groups": "" });
    expect(result.inFlight.groups).toBe("");
    expect(result.note).toMatch(/^Groups not sent: \d{3} characters, Constant Contact accepts at most 255\.$/);
  });

  it("reports a chosen field that does not exist in the account and sends nothing for it", () => {
    const plan: SegmentPlan = { ...on, fieldNames: { clientType: "Client_type", groups: null } };
    const result = segmentCells([client({ groupNames: ["Yoga"] })], [], plan);
    expect(result.cells).toEqual({});
    expect(result.inFlight.groups).toBeNull();
    expect(result.note).toBe("Groups not sent: the custom field does not exist in Constant Contact.");
  });
});
