// A JSON array written element by element as UTF-8 bytes into one growing buffer, outside the JavaScript heap. The
// sync fills two per batch (the import's rows, the clients' in-flight records), 40,000 elements each: kept as strings,
// they would live as long as the batch, long enough for the garbage collector to move them to the old generation,
// which is what grew the heap of a long sync. As bytes they are one allocation the heap does not scan.
const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

export class JsonArrayBytes {
  private buffer: Buffer<ArrayBuffer>;
  private used = 1; // the opening bracket, written when the array is read
  private count = 0;

  /**
   * `capacity`: the size expected. The buffer is allocated uninitialized, so the pages a small array never writes
   * are never touched (they cost address space, not memory); growing past it copies, and leaves garbage behind.
   * Always a buffer of its own (allocUnsafeSlow, never a slice of Node's shared pool), so `release` can give it away.
   */
  constructor(capacity = 4 * 1024 * 1024) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  /** Appends one element, already JSON. */
  push(json: string): void {
    this.reserve(this.used + Buffer.byteLength(json) + 1);
    if (this.count > 0) this.buffer[this.used++] = COMMA;
    this.used += this.buffer.write(json, this.used);
    this.count++;
  }

  get length(): number {
    return this.count;
  }

  /** The array, brackets included: a view of the buffer, valid until the next push. */
  get bytes(): Buffer<ArrayBuffer> {
    this.reserve(this.used + 1);
    this.buffer[0] = OPEN;
    this.buffer[this.used] = CLOSE;
    return this.buffer.subarray(0, this.used + 1);
  }

  /**
   * Frees the buffer now. Left to the garbage collector, a buffer held by an object that lived through a batch is
   * freed only at the next full collection, and a long sync's batches pile up megabytes of them. Transferring the
   * memory to a clone that nothing references hands it to the next young-generation collection instead; this array
   * is empty afterwards.
   */
  release(): void {
    structuredClone(this.buffer.buffer, { transfer: [this.buffer.buffer] });
    this.buffer = Buffer.alloc(0);
    this.used = 1;
    this.count = 0;
  }

  /** Grows by doubling. */
  private reserve(length: number) {
    if (length <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(length, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}
