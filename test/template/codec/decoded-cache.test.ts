/**
 * fromYaml and fromYamlArray remember short texts they have decoded (lib/template/codec/decoded-cache.ts): a text
 * decoded again must give the same value as the first time, as a value of its own that the template may mutate, and
 * errors must not be kept.
 */
import { describe, expect, it } from "vitest";
import { DecodedCache } from "@/lib/template/codec/decoded-cache";
import { loadYamlFull } from "@/lib/template/codec/yaml-load";
import { GoInt, GoMap, goSlice, type GoValue } from "@/lib/template/value";
import { call, show } from "../funcs/call";

/** Map entries in order, with each map's Go type; -0 kept apart from 0. */
function canonical(v: GoValue): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof GoMap) return { map: x.typeName, entries: [...x] };
    if (typeof x === "number" && Object.is(x, -0)) return "-0";
    return x;
  });
}

/** What Helm's fromYaml/fromYamlArray give for a document, from the full loader (no fast path, no memory). */
function expected(text: string, kind: "map" | "list"): string {
  const v = loadYamlFull(text);
  if (v === null) return canonical(kind === "map" ? new GoMap() : goSlice([]));
  return canonical(v);
}

const MAP_TEXTS = [
  "{}",
  "",
  "# only a comment\n",
  "a: 1\nb: [x, 2.5, -0.0, true, ~]\nc:\n  d: {}\n  e: []\n  f:\n  - g: h\n",
  "a: &x {b: 1}\nc: *x\n", // the full loader's way
  "k: |\n  line one\n  line two\n",
];
const LIST_TEXTS = ["- a\n- b: 1\n", "[]", "- [1, 2]\n- {}\n"];

describe("fromYaml's memory of texts it has decoded", () => {
  it("gives the same value again, each time a value of its own", () => {
    for (const [name, kind, texts] of [
      ["fromYaml", "map", MAP_TEXTS],
      ["fromYamlArray", "list", LIST_TEXTS],
    ] as const) {
      for (const text of texts) {
        const first = call(name, text);
        const second = call(name, text);
        expect(canonical(first)).toBe(expected(text, kind));
        expect(canonical(second)).toBe(expected(text, kind));
        expect(second).not.toBe(first);
      }
    }
  });

  it("is not affected when a template mutates what it was given", () => {
    const text = "a:\n  b: 1\nl:\n- x\n";
    const first = call("fromYaml", text) as GoMap;
    (first.get("a") as GoMap).set("b", "changed");
    (first.get("l") as GoValue[]).push("y");
    first.set("new", 1);
    const again = call("fromYaml", text) as GoMap;
    expect(canonical(again)).toBe(expected(text, "map"));
    expect(again.get("a")).not.toBe(first.get("a"));
    expect(again.get("l")).not.toBe(first.get("l"));
  });

  it("does not keep errors: a bad text fails the same way every time", () => {
    for (let i = 0; i < 2; i++) {
      expect(show("fromYaml", "a: [")).toBe("map[Error:error converting YAML to JSON: yaml: line 1: did not find expected node content]");
      expect(show("fromYaml", "- a")).toBe(
        "map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]",
      );
    }
  });

  it("forgets everything when its budget is full and keeps only plain decoded values", () => {
    const cache = new DecodedCache(10, 12);
    cache.remember("a: 1", new GoMap([["a", 1]]));
    expect(canonical(cache.recall("a: 1")!)).toBe(canonical(new GoMap([["a", 1]])));
    cache.remember("ten chars!", "x"); // 4 + 10 > 12: "a: 1" is forgotten
    expect(cache.recall("a: 1")).toBeUndefined();
    expect(cache.recall("ten chars!")).toBe("x");
    cache.remember("more than ten", "x");
    expect(cache.recall("more than ten")).toBeUndefined();
    // Not what a decoder builds: a named map type, an int, a typed slice.
    cache.remember("t", new GoMap([], "common.Values"));
    cache.remember("i", new GoInt(1));
    cache.remember("s", goSlice(["x"], "string"));
    expect([cache.recall("t"), cache.recall("i"), cache.recall("s")]).toEqual([undefined, undefined, undefined]);
    cache.remember("n", null);
    expect(cache.recall("n")).toBeNull();
  });
});
