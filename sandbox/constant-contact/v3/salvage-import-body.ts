// CC imports only the first 4 MB of a contacts_json_import body and silently drops the rest. The cut lands in the
// middle of the JSON, so we cannot JSON.parse it: instead we walk the top-level object and keep every member that
// is complete before the cut, and of `import_data` every complete row. What the cut destroys is simply missing.
//
// Faithful consequence: when `list_ids` comes after `import_data` and the cut removes it, the salvaged request has
// no list_ids and fails validation with the same 400 a request without list_ids gets (CC's own behaviour here is
// undocumented; failing loudly is the honest guess, and the app must put list_ids first or stay under 4 MB).

export type Salvage = { ok: true; value: Record<string, unknown>; truncated: boolean } | { ok: false };

export function salvageImportBody(text: string): Salvage {
  const scanner = new Scanner(text);
  const value: Record<string, unknown> = {};
  scanner.skipSpace();
  if (!scanner.eat("{")) return { ok: false };
  for (;;) {
    scanner.skipSpace();
    if (scanner.atEnd()) return { ok: true, value, truncated: true };
    if (scanner.eat("}")) return { ok: true, value, truncated: false };
    scanner.eat(",");
    scanner.skipSpace();
    const keyEnd = scanner.valueEnd();
    if (keyEnd === null) return { ok: true, value, truncated: true };
    const key = parseOrNull(scanner.take(keyEnd));
    if (typeof key !== "string") return { ok: false };
    scanner.skipSpace();
    if (!scanner.eat(":")) return scanner.atEnd() ? { ok: true, value, truncated: true } : { ok: false };
    scanner.skipSpace();
    if (key === "import_data" && scanner.peek() === "[") {
      const rows = salvageArray(scanner);
      if (rows === null) return { ok: false };
      value[key] = rows.items;
      if (rows.truncated) return { ok: true, value, truncated: true };
      continue;
    }
    const end = scanner.valueEnd();
    if (end === null) return { ok: true, value, truncated: true };
    const member = parseOrNull(scanner.take(end));
    if (member === undefined) return { ok: false };
    value[key] = member;
  }
}

/** The complete elements of the array at the scanner; `truncated` when the text ends inside it. */
function salvageArray(scanner: Scanner): { items: unknown[]; truncated: boolean } | null {
  scanner.eat("[");
  const items: unknown[] = [];
  for (;;) {
    scanner.skipSpace();
    if (scanner.atEnd()) return { items, truncated: true };
    if (scanner.eat("]")) return { items, truncated: false };
    scanner.eat(",");
    scanner.skipSpace();
    const end = scanner.valueEnd();
    if (end === null) return { items, truncated: true };
    const item = parseOrNull(scanner.take(end));
    if (item === undefined) return null;
    items.push(item);
  }
}

/** undefined when the slice is not JSON (a malformed body before the cut is a real 400). */
function parseOrNull(slice: string): unknown {
  try {
    return JSON.parse(slice);
  } catch {
    return undefined;
  }
}

class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  eat(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  take(end: number): string {
    const slice = this.text.slice(this.pos, end);
    this.pos = end;
    return slice;
  }

  /**
   * Where the JSON value starting here ends, by bracket depth outside strings; null when the text runs out first.
   * A number or literal touching the end of the text is incomplete too ("12" may have been "123").
   */
  valueEnd(): number | null {
    const { text } = this;
    let i = this.pos;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') {
          inString = false;
          if (depth === 0) return i + 1;
        }
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        if (depth === 0) return i; // end of a primitive followed by the parent's closing bracket
        depth--;
        if (depth === 0) return i + 1;
      } else if (depth === 0 && (c === "," || /\s/.test(c))) return i;
    }
    return null;
  }
}
