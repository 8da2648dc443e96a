import { describe, expect, it } from "vitest";
import { runOutcome } from "./run-outcome";

describe("a run's outcome", () => {
  it("does not let a cancelled run read as if it worked: it is cancelled, says why, and its counts stopped early", () => {
    expect(runOutcome({ status: "CANCELLED", error: "Constant Contact was disconnected.", failed: 0 })).toEqual({
      label: "Cancelled",
      tone: "problem",
      reason: "Constant Contact was disconnected.",
      stoppedEarly: true,
    });
  });

  it("gives failed and interrupted runs a reason, their own or a plain one", () => {
    expect(runOutcome({ status: "FAILED", error: "Constant Contact answered 500.", failed: 0 })).toMatchObject({
      label: "Failed",
      reason: "Constant Contact answered 500.",
    });
    expect(runOutcome({ status: "FAILED", error: null, failed: 0 }).reason).toBe("The sync stopped with an error.");
    expect(runOutcome({ status: "INTERRUPTED", error: null, failed: 0 })).toMatchObject({
      label: "Interrupted",
      tone: "problem",
      stoppedEarly: true,
      reason: expect.stringContaining("still pending"),
    });
  });

  it("calls a finished run completed, and one with rejected clients completed with failures", () => {
    expect(runOutcome({ status: "SUCCEEDED", error: null, failed: 0 })).toMatchObject({
      label: "Completed",
      tone: "ok",
      reason: null,
      stoppedEarly: false,
    });
    expect(runOutcome({ status: "PARTIAL", error: null, failed: 2 })).toMatchObject({
      label: "Completed with failures",
      reason: "2 clients were not accepted: see Failures.",
    });
    expect(runOutcome({ status: "RUNNING", error: null, failed: 0 }).label).toBe("Running");
    // Sent on a batching day: not a result yet, and not a problem; it says when the answer is read.
    expect(runOutcome({ status: "SENT", error: null, failed: 0 })).toMatchObject({
      label: "Sent, answer pending",
      tone: "running",
      stoppedEarly: false,
      reason: expect.stringContaining("next unsubscribe check"),
    });
  });
});
