// Accumulates contacts_json_import rows under Constant Contact's limits: at most 40,000 contacts and 4 MB per
// request, where data past 4 MB is dropped *silently*. We cut at 3.5 MB of serialized JSON, leaving room for
// the envelope and list ids, so no row can ever fall past the cut.
import type { SerializedRows } from "../constant-contact/api-client";
import type { ImportRow } from "../constant-contact/schemas";
import { JsonArrayBytes } from "./json-array-bytes";

export const IMPORT_MAX_ROWS = 40_000;
export const IMPORT_MAX_BYTES = 3.5 * 1024 * 1024;
// {"import_data":[ ... ],"list_ids":["<uuid>"]}: envelope well under 200 bytes for one list.
const ENVELOPE_BYTES = 200;

/** Keeps the rows as the UTF-8 bytes they were measured by: what is sent is exactly what was counted. */
export class ImportBatch {
  private readonly rows: JsonArrayBytes;
  private bytes = ENVELOPE_BYTES;

  constructor(
    private readonly maxRows = IMPORT_MAX_ROWS,
    private readonly maxBytes = IMPORT_MAX_BYTES,
  ) {
    // Room for a full batch at once (memory the rows do not reach is never touched, so a small batch costs little):
    // growing by copies would leave megabytes of garbage buffers per batch.
    this.rows = new JsonArrayBytes(maxBytes);
  }

  /** Adds the row if it fits; false means "send this batch first". */
  tryAdd(row: ImportRow): boolean {
    return this.tryAddAll([row]);
  }

  /** Adds every row or none (a slice of clients is decided whole, so its rows go into one batch together). */
  tryAddAll(rows: ImportRow[]): boolean {
    const texts = rows.map((row) => JSON.stringify(row));
    let bytes = 0;
    for (const text of texts) bytes += Buffer.byteLength(text) + 1; // + the comma between rows
    if (this.rows.length + rows.length > this.maxRows || this.bytes + bytes > this.maxBytes) return false;
    for (const text of texts) this.rows.push(text);
    this.bytes += bytes;
    return true;
  }

  /** The rows as the `import_data` array of the request. */
  get importData(): SerializedRows {
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
