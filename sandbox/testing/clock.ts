// A clock the test moves: sandboxes started with it expire codes, finish background work and schedule retries on
// the test's time, not the wall clock's.

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(start = "2026-03-02T12:00:00.000Z"): TestClock {
  let now = Date.parse(start);
  return { now: () => now, advance: (ms) => void (now += ms) };
}
