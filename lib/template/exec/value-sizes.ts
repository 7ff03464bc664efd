/**
 * Approximate heap bytes of the values a render creates, for the render budget's memory limit. The sizes follow
 * V8's layout on 64-bit Node, rounded: a string is a header and a byte per character, a list a header and a slot per
 * element, a map a header and an entry (key, value, chain) per key; a GoInt is a small object.
 *
 * A list or map is counted once per render: it is marked with the counting render's token (under COUNTED_BY,
 * cheaper than a WeakSet and no extra work for the garbage collector), so a function that returns
 * an existing collection (`index`, `get`, `default`, `set`, `first`) costs nothing, and one that builds a new
 * collection is counted with all the new collections inside it (`deepCopy`, `fromJson`, `splitList`). Strings have no
 * identity to remember: a string inside a new collection is counted again, which over-counts lists rebuilt with
 * `append` a little — the limit is meant for hostile templates, far above what charts use.
 */
import { COUNTED_BY, GoInt, GoMap, type GoValue } from "../value";

const STRING_HEADER = 16;
const SLOT = 8;
const LIST_HEADER = 48;
const MAP_HEADER = 80;
const MAP_ENTRY = 32;
const SMALL_OBJECT = 40;
const BYTES_HEADER = 64;

/** A collection records which render counted it under COUNTED_BY (a field every GoMap declares; lists get it added). */
type Countable = (GoValue[] | GoMap) & { [COUNTED_BY]?: object };

export class ValueSizes {
  private readonly pending: Array<GoValue[] | GoMap> = [];

  private counted(c: Countable): boolean {
    return c[COUNTED_BY] === this;
  }

  private markCounted(c: Countable): void {
    c[COUNTED_BY] = this;
  }

  /** Bytes a function's result adds to the heap: its own size, and for collections the ones not counted before. */
  created(v: GoValue): number {
    if (typeof v === "string") return v.length === 0 ? 0 : STRING_HEADER + v.length;
    if (typeof v !== "object" || v === null) return 0;
    if (Array.isArray(v) || v instanceof GoMap) return this.collections(v);
    // A single number or struct is small, and as often an existing one (`first`, `index`) as a new one.
    return v instanceof Uint8Array ? BYTES_HEADER + v.byteLength : 0;
  }

  /** The collections reachable from `root` that were not counted yet, without recursion (results may nest deeply). */
  private collections(root: GoValue[] | GoMap): number {
    let total = 0;
    // One work list for all calls (a render is single-threaded, and this never re-enters): no array per result.
    const pending = this.pending;
    pending.push(root);
    while (pending.length > 0) {
      const c = pending.pop()!;
      if (this.counted(c)) continue;
      this.markCounted(c);
      if (Array.isArray(c)) {
        total += LIST_HEADER + SLOT * c.length;
        for (let i = 0; i < c.length; i++) total += this.element(c[i], pending);
      } else {
        total += MAP_HEADER + MAP_ENTRY * c.size;
        for (const [k, e] of c) total += STRING_HEADER + k.length + this.element(e, pending);
      }
    }
    return total;
  }

  private element(e: GoValue, pending: Array<GoValue[] | GoMap>): number {
    if (typeof e === "string") return STRING_HEADER + e.length;
    if (typeof e !== "object" || e === null) return 0;
    if (Array.isArray(e) || e instanceof GoMap) {
      if (!this.counted(e)) pending.push(e);
      return 0;
    }
    if (e instanceof Uint8Array) return BYTES_HEADER + e.byteLength;
    return e instanceof GoInt ? SMALL_OBJECT : 0;
  }
}

/** What a function reads from one argument, for the deadline's work count: characters, bytes or elements. */
export function inputSize(v: GoValue): number {
  if (typeof v === "string") return v.length;
  if (typeof v !== "object" || v === null) return 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length;
  return v instanceof GoMap ? v.size : 0;
}
