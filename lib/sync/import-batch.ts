// Accumulates contacts_json_import rows under Constant Contact's limits: at most 40,000 contacts and 4 MB per
// request, where data past 4 MB is dropped *silently*. We cut at 3.5 MB of serialized JSON, leaving room for
// the envelope and list ids, so no row can ever fall past the cut.
import type { ImportRow } from "../constant-contact/schemas";

export const IMPORT_MAX_ROWS = 40_000;
export const IMPORT_MAX_BYTES = 3.5 * 1024 * 1024;
// {"import_data":[ ... ],"list_ids":["<uuid>"]}: envelope well under 200 bytes for one list.
const ENVELOPE_BYTES = 200;

export class ImportBatch {
  readonly rows: ImportRow[] = [];
  private bytes = ENVELOPE_BYTES;

  constructor(
    private readonly maxRows = IMPORT_MAX_ROWS,
    private readonly maxBytes = IMPORT_MAX_BYTES,
  ) {}

  /** Adds the row if it fits; false means "send this batch first". */
  tryAdd(row: ImportRow): boolean {
    const rowBytes = Buffer.byteLength(JSON.stringify(row)) + 1; // + the comma between rows
    if (this.rows.length >= this.maxRows || this.bytes + rowBytes > this.maxBytes) return false;
    this.rows.push(row);
    this.bytes += rowBytes;
    return true;
  }

  /** Adds every row or none (a slice of clients is decided whole, so its rows go into one batch together). */
  tryAddAll(rows: ImportRow[]): boolean {
    const sizes = rows.map((row) => Buffer.byteLength(JSON.stringify(row)) + 1);
    const bytes = sizes.reduce((a, b) => a + b, 0);
    if (this.rows.length + rows.length > this.maxRows || this.bytes + bytes > this.maxBytes) return false;
    this.rows.push(...rows);
    this.bytes += bytes;
    return true;
  }

  get size(): number {
    return this.rows.length;
  }

  get byteSize(): number {
    return this.bytes;
  }
}
