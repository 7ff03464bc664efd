/**
 * loadYaml remembers short texts it has loaded (lib/template/codec/decoded-cache.ts): a text loaded again must give
 * the same value as the first time, as a value of its own that the caller may mutate, and errors must not be kept.
 */
import { describe, expect, it } from "vitest";
import { loadYaml, YamlError } from "@/lib/template/codec";
import { DecodedCache } from "@/lib/template/codec/decoded-cache";
import { loadYamlFull } from "@/lib/template/codec/yaml-load";
import { GoInt, GoMap, goSlice, type GoValue } from "@/lib/template/value";

/** Map entries in order, with each map's Go type; -0 kept apart from 0. */
function canonical(v: GoValue): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof GoMap) return { map: x.typeName, entries: [...x] };
    if (typeof x === "number" && Object.is(x, -0)) return "-0";
    return x;
  });
}

const TEXTS = [
  "{}",
  "",
  "# only a comment\n",
  "a: 1\nb: [x, 2.5, -0.0, true, ~]\nc:\n  d: {}\n  e: []\n  f:\n  - g: h\n",
  "- a\n- b: 1\n",
  "just a scalar",
  "a: &x {b: 1}\nc: *x\n", // the full loader's way
  "k: |\n  line one\n  line two\n",
];

describe("loadYaml's memory of texts it has loaded", () => {
  it("gives the same value again, each time a value of its own", () => {
    for (const text of TEXTS) {
      const first = loadYaml(text);
      const second = loadYaml(text);
      expect(canonical(second)).toBe(canonical(first));
      expect(canonical(second)).toBe(canonical(loadYamlFull(text)));
      if (first !== null && typeof first === "object") expect(second).not.toBe(first);
    }
  });

  it("is not affected when a caller mutates what it was given", () => {
    const text = "a:\n  b: 1\nl:\n- x\n";
    const first = loadYaml(text) as GoMap;
    (first.get("a") as GoMap).set("b", "changed");
    (first.get("l") as GoValue[]).push("y");
    first.set("new", 1);
    const again = loadYaml(text) as GoMap;
    expect(canonical(again)).toBe(canonical(loadYamlFull(text)));
    expect(again.get("a")).not.toBe(first.get("a"));
    expect(again.get("l")).not.toBe(first.get("l"));
  });

  it("does not keep errors: a bad text fails the same way every time", () => {
    const messages = [1, 2].map(() => {
      try {
        loadYaml("a: [");
        return "no error";
      } catch (e) {
        expect(e).toBeInstanceOf(YamlError);
        return (e as Error).message;
      }
    });
    expect(messages).toEqual(["error converting YAML to JSON: yaml: line 1: did not find expected node content", messages[0]]);
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
