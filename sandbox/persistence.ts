// Optional persistence of a sandbox's state to a JSON file, so a demo survives a restart. Saves are debounced and
// atomic (write a temporary file, then rename over the old one), so a crash mid-save never leaves a half-written
// state file. Each provider turns its state into a snapshot and back; this file only stores and loads it.
import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";

const SAVE_DEBOUNCE_MS = 200;

/** What the saver watches: a version that moves on every change, and the snapshot to write. */
export interface Persistable {
  readonly version: number;
  snapshot(): unknown;
}

/**
 * The parsed snapshot when the file exists, otherwise null. A corrupt file or a snapshot of an unknown format is an
 * error: better loud than a silent reset.
 */
export function readStateFile<T extends { format: number }>(file: string, format: T["format"]): T | null {
  if (!existsSync(file)) return null;
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as T;
  if (snapshot.format !== format) throw new Error(`${file}: unknown sandbox state format`);
  return snapshot;
}

export class StateSaver {
  private savedVersion: number;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private waiters: { version: number; resolve: () => void }[] = [];

  constructor(
    private readonly source: Persistable,
    private readonly file: string,
    private readonly name = "sandbox",
  ) {
    this.savedVersion = source.version;
  }

  /** Call after each request: saves a little later if anything changed. */
  changed(): void {
    if (this.source.version === this.savedVersion || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, SAVE_DEBOUNCE_MS);
    this.timer.unref(); // close() flushes; the timer alone must not keep the process alive
  }

  /**
   * Resolves once every change made so far is in the file, through the ordinary debounced save (nothing is forced):
   * tests wait on it instead of sleeping past the debounce.
   */
  whenSaved(): Promise<void> {
    const version = this.source.version;
    if (this.savedVersion >= version) return Promise.resolve();
    this.changed(); // a save is due: make sure one is scheduled
    return new Promise((resolve) => this.waiters.push({ version, resolve }));
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.saving;
    if (this.source.version !== this.savedVersion) await this.save();
  }

  private save(): Promise<void> {
    this.saving = this.saving
      .then(async () => {
        const version = this.source.version;
        const temporary = `${this.file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(this.source.snapshot()));
        await rename(temporary, this.file);
        this.savedVersion = version;
        const done = this.waiters.filter((w) => w.version <= version);
        this.waiters = this.waiters.filter((w) => w.version > version);
        for (const waiter of done) waiter.resolve();
      })
      .catch((error: unknown) => {
        // Keep serving: a failed save is retried on the next change.
        console.error(`[${this.name}] could not save state to ${this.file}:`, error);
      });
    return this.saving;
  }
}
