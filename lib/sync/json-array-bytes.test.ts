import { describe, expect, it } from "vitest";
import { JsonArrayBytes } from "./json-array-bytes";

const parsed = (array: JsonArrayBytes) => JSON.parse(array.bytes.toString("utf8")) as unknown;

describe("JsonArrayBytes", () => {
  it("is an empty JSON array until something is pushed", () => {
    const array = new JsonArrayBytes(16);
    expect(array.length).toBe(0);
    expect(parsed(array)).toEqual([]);
  });

  it("writes each element as UTF-8, growing past its capacity without losing what came before", () => {
    const array = new JsonArrayBytes(8); // far too small: grows several times
    const values = Array.from({ length: 500 }, (_, i) => ({ i, name: `Zoë ${"é".repeat(i % 7)} "quoted" \\ ✓` }));
    for (const value of values) array.push(JSON.stringify(value));
    expect(array.length).toBe(500);
    expect(parsed(array)).toEqual(values);
    expect(array.bytes.byteLength).toBe(Buffer.byteLength(JSON.stringify(values)));
  });

  it("keeps pushing after being read", () => {
    const array = new JsonArrayBytes(64);
    array.push('"a"');
    expect(parsed(array)).toEqual(["a"]);
    array.push('"b"');
    expect(parsed(array)).toEqual(["a", "b"]);
  });

  it("gives its memory back on release and is empty afterwards, even to a view taken before", () => {
    const array = new JsonArrayBytes(1024);
    array.push('"kept until release"');
    const view = array.bytes;
    array.release();
    expect(view.byteLength).toBe(0); // the memory went with the transfer: a stale view reads nothing
    expect(array.length).toBe(0);
    expect(parsed(array)).toEqual([]);
    array.push("1");
    expect(parsed(array)).toEqual([1]);
  });
});
