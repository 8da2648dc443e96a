// What every sandbox's in-memory state has: a clock that tests inject and POST /__control/clock moves forward, and a
// version bumped on every change, which persistence watches to know when to save.

export class ClockedState {
  /** Lets tests and demos move time forward (POST /__control/clock) on top of the injected clock. */
  clockOffsetMs = 0;
  /** Bumped on every change; persistence saves when it moves. */
  version = 0;

  constructor(private readonly clock: () => number) {}

  now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  touch(): void {
    this.version++;
  }
}
