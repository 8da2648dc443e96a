// Accumulates the rows of one batch under the provider's limits (rows and bytes of serialized JSON). Constant Contact
// drops data past 4 MB *silently*, so its limit is a 3.5 MB cut that leaves room for the envelope and list ids: no row
// can ever fall past the real limit.
import type { SerializedRows } from "../integrations/provider";
import { JsonArrayBytes } from "./json-array-bytes";

// {"import_data":[ ... ],"list_ids":["<uuid>"]}: an envelope well under 200 bytes for one list.
const ENVELOPE_BYTES = 200;

/** Keeps the rows as the UTF-8 bytes they were measured by: what is sent is exactly what was counted. */
export class RowBatch {
  private readonly rows: JsonArrayBytes;
  private bytes = ENVELOPE_BYTES;

  constructor(
    private readonly maxRows: number,
    private readonly maxBytes: number,
  ) {
    // Room for a full batch at once (memory the rows do not reach is never touched, so a small batch costs little):
    // growing by copies would leave megabytes of garbage buffers per batch.
    this.rows = new JsonArrayBytes(Math.min(maxBytes, 4 * 1024 * 1024));
  }

  /** Adds every row (JSON text) or none (a slice of clients is decided whole, so its rows go into one batch together). */
  tryAddAll(rows: readonly string[]): boolean {
    let bytes = 0;
    for (const text of rows) bytes += Buffer.byteLength(text) + 1; // + the comma between rows
    if (this.rows.length + rows.length > this.maxRows || this.bytes + bytes > this.maxBytes) return false;
    for (const text of rows) this.rows.push(text);
    this.bytes += bytes;
    return true;
  }

  /** The rows as one JSON array. */
  get serialized(): SerializedRows {
    return { json: this.rows.bytes };
  }

  /** Frees the rows' memory now (see JsonArrayBytes.release); the batch is empty afterwards. */
  release(): void {
    this.rows.release();
  }

  get size(): number {
    return this.rows.length;
  }

  get byteSize(): number {
    return this.bytes;
  }
}
