import { describe, expect, it } from "vitest";
import { GoMap, goSlice } from "@/lib/template/value";
import { call, dict, failure, int, list, show } from "./call";

describe("list functions", () => {
  it("build and take apart lists like Sprig", () => {
    expect(show("list", int(1), "a", null, 2.5)).toBe("[1 a <nil> 2.5]");
    expect(show("append", list(int(1)), int(2))).toBe("[1 2]");
    expect(show("prepend", list(int(1)), int(0))).toBe("[0 1]");
    expect(show("first", list(int(3), int(4)))).toBe("3");
    expect(show("last", list(int(3), int(4)))).toBe("4");
    expect(show("rest", list(int(1), int(2), int(3)))).toBe("[2 3]");
    expect(show("initial", list(int(1), int(2), int(3)))).toBe("[1 2]");
    expect(show("reverse", list(int(1), int(2), int(3)))).toBe("[3 2 1]");
    expect(call("first", list())).toBe(null);
    expect(call("typeOf", call("rest", list()))).toBe("[]interface {}");
    expect(show("concat", list(int(1)), list(int(2), int(3)))).toBe("[1 2 3]");
    expect(show("tuple", int(1), int(2))).toBe("[1 2]");
    expect(show("first", goSlice(["x", "y"], "string"))).toBe("x");
  });
  it("compare elements with reflect.DeepEqual", () => {
    expect(show("uniq", list(int(1), int(1), "1", int(2), 1.0))).toBe("[1 1 2 1]");
    expect(show("without", list(int(1), int(2), int(3), int(2)), int(2))).toBe("[1 3]");
    expect(call("has", int(2), list(int(1), int(2)))).toBe(true);
    expect(call("has", "2", list(int(1), int(2)))).toBe(false);
    expect(call("has", int(1), list(1.0))).toBe(false);
    expect(call("has", 1.0, list(1.0))).toBe(true);
    expect(call("has", int(1), null)).toBe(false);
    expect(show("compact", list(int(0), int(1), "", "a", null, false, true, list(), new GoMap()))).toBe("[1 a true]");
    expect(show("chunk", int(2), list(int(1), int(2), int(3), int(4), int(5)))).toBe("[[1 2] [3 4] [5]]");
    expect(call("typeOf", call("chunk", int(2), list(int(1))))).toBe("[][]interface {}");
  });
  it("slice keeps the list type and rejects strings", () => {
    expect(show("slice", list("a", "b", "c"), int(1))).toBe("[b c]");
    expect(show("slice", list("a", "b", "c"), int(1), int(2))).toBe("[b]");
    expect(call("typeOf", call("slice", goSlice(["a", "b"], "string"), int(1)))).toBe("[]string");
    expect(call("slice", list(), int(0))).toBe(null);
    expect(failure("slice", "abcdef", int(1), int(3))).toBe("list should be type of slice or array but string");
    expect(failure("mustSlice", list(int(1), int(2)), int(3))).toBe("reflect.Value.Slice: slice index out of bounds");
    expect(failure("slice", list(int(1), int(2)), int(2), int(1))).toBe("reflect.Value.Slice: slice index out of bounds");
  });
  it("report Go's panics and errors for non-lists", () => {
    expect(failure("first", "abc")).toBe("Cannot find first on type string");
    expect(failure("mustPush", "abc", int(1))).toBe("Cannot push on type string");
    expect(failure("append", null, int(1))).toBe("runtime error: invalid memory address or nil pointer dereference");
    expect(failure("concat", list(int(1)), "x")).toBe("Cannot concat type string as list");
    expect(failure("chunk", int(0), list(int(1)))).toBe("runtime error: makeslice: len out of range");
    expect(failure("mustRest", new GoMap())).toBe("Cannot find rest on type map");
  });
});

describe("dict functions", () => {
  it("dict, get, set, unset, hasKey", () => {
    const d = call("dict", "b", int(1), "a", int(2)) as GoMap;
    expect(show("dict", "b", int(1), "a", int(2))).toBe("map[a:2 b:1]");
    expect(show("dict", "k")).toBe("map[k:]");
    expect(show("dict", int(1), int(2))).toBe("map[1:2]");
    expect(show("get", d, "a")).toBe("2");
    expect(call("get", d, "zz")).toBe("");
    expect(call("hasKey", d, "b")).toBe(true);
    call("set", d, "c", int(3));
    expect(show("toString", d)).toBe("map[a:2 b:1 c:3]");
    expect(call("unset", d, "b")).toBe(d);
    expect(show("toString", d)).toBe("map[a:2 c:3]");
    expect(call("hasKey", dict("n", null), "n")).toBe(true);
  });
  it("keys, values, pick, omit, pluck", () => {
    expect(show("sortAlpha", call("keys", dict("b", 1, "a", 2, "c", 3)))).toBe("[a b c]");
    expect(call("typeOf", call("keys", dict("a", 1)))).toBe("[]string");
    expect(show("pick", dict("a", int(1), "b", int(2)), "a", "z")).toBe("map[a:1]");
    expect(show("omit", dict("a", int(1), "b", int(2)), "a", "c")).toBe("map[b:2]");
    expect(show("values", dict("a", int(1)))).toBe("[1]");
    expect(show("pluck", "a", dict("a", int(1)), dict("b", int(2)), dict("a", int(3)))).toBe("[1 3]");
  });
  it("merge fills missing and empty keys recursively and mutates dst", () => {
    const a = dict("x", int(1), "n", dict("p", int(1), "q", int(2)), "l", list(int(1), int(2)));
    const b = dict("x", int(2), "w", int(3), "n", dict("p", int(9), "r", int(3)), "l", list(int(9)));
    expect(show("merge", a, b)).toBe("map[l:[1 2] n:map[p:1 q:2 r:3] w:3 x:1]");
    expect(show("toString", a)).toBe("map[l:[1 2] n:map[p:1 q:2 r:3] w:3 x:1]");
    expect(show("merge", dict("x", "", "z", int(0), "f", false), dict("x", "filled", "z", int(5), "f", true))).toBe("map[f:true x:filled z:5]");
    expect(show("merge", dict("a", "x"), dict("a", dict("b", int(1))))).toBe("map[a:x]");
    expect(show("merge", dict("a", list()), dict("a", list(int(2))))).toBe("map[a:[2]]");
    expect(show("merge", dict("a", new GoMap()), dict("a", dict("z", int(1))))).toBe("map[a:map[z:1]]");
    expect(show("merge", new GoMap(), dict("n", null))).toBe("map[]");
  });
  it("mergeOverwrite replaces, even with empty and nil values", () => {
    const a = dict("x", int(1), "n", dict("p", int(1), "q", int(2)), "l", list(int(1), int(2)));
    const b = dict("x", int(2), "w", int(3), "n", dict("p", int(9), "r", int(3)), "l", list(int(9)));
    expect(show("mergeOverwrite", a, b)).toBe("map[l:[9] n:map[p:9 q:2 r:3] w:3 x:2]");
    expect(show("mergeOverwrite", dict("x", "keep"), dict("x", ""))).toBe("map[x:]");
    expect(show("mergeOverwrite", dict("x", "keep"), dict("x", null))).toBe("map[x:<nil>]");
    expect(show("mergeOverwrite", dict("a", list(int(1))), dict("a", list()))).toBe("map[a:[]]");
    expect(show("mergeOverwrite", dict("a", dict("q", int(1))), dict("a", "s"))).toBe("map[a:s]");
  });
  it("deepCopy is independent and keeps Go types", () => {
    const values = new GoMap([["old", int(1)]], "common.Values");
    const copy = call("deepCopy", values) as GoMap;
    call("set", copy, "new", int(1));
    expect(show("toString", values)).toBe("map[old:1]");
    expect(call("typeOf", copy)).toBe("common.Values");
  });
  it("dig walks plain maps only", () => {
    const a = dict("b", dict("c", "found"));
    expect(show("dig", "b", "c", "def", a)).toBe("found");
    expect(show("dig", "zz", "def", a)).toBe("def");
    expect(show("dig", "b", "zz", "def", a)).toBe("def");
    expect(failure("dig", "a", "def", new GoMap([], "common.Values"))).toBe(
      "interface conversion: interface {} is common.Values, not map[string]interface {}",
    );
    expect(failure("dig", "a", "b", "d", dict("a", "str"))).toBe("interface conversion: interface {} is string, not map[string]interface {}");
    expect(failure("dig", int(1), "d", new GoMap())).toBe("interface conversion: interface {} is int, not string");
    expect(failure("dig", "a", new GoMap())).toBe("dig needs at least three arguments");
  });
});

describe("defaults and reflection", () => {
  it("default, empty, coalesce, all, any, ternary", () => {
    expect(call("empty", int(0))).toBe(true);
    expect(call("empty", "0")).toBe(false);
    expect(call("empty", new GoMap())).toBe(true);
    expect(show("coalesce", null, "", "c")).toBe("c");
    expect(call("coalesce", int(0), "")).toBe(null);
    expect(show("ternary", "yes", "no", true)).toBe("yes");
    expect(call("all", int(1), "a")).toBe(true);
    expect(call("any", int(0), "")).toBe(false);
    expect(call("all")).toBe(true);
    expect(call("any")).toBe(false);
    expect(show("default", "d")).toBe("d");
    expect(show("default", int(5), 0.0)).toBe("5");
    expect(show("default", "x", " ")).toBe(" ");
    expect(show("default", list(int(1), int(2)), null)).toBe("[1 2]");
  });
  it("typeOf, kindOf, typeIs, typeIsLike, kindIs, deepEqual", () => {
    expect(call("typeOf", list())).toBe("[]interface {}");
    expect(call("typeOf", new GoMap())).toBe("map[string]interface {}");
    expect(call("typeOf", int(1))).toBe("int");
    expect(call("typeOf", 1.5)).toBe("float64");
    expect(call("typeOf", null)).toBe("<nil>");
    expect(call("kindOf", new GoMap())).toBe("map");
    expect(call("kindOf", null)).toBe("invalid");
    expect(call("kindIs", "map", new GoMap())).toBe(true);
    expect(call("typeIs", "float64", 7)).toBe(true);
    expect(call("typeIsLike", "semver.Version", call("semver", "1.2.3"))).toBe(true);
    expect(call("deepEqual", list(int(1), int(2)), list(int(1), int(2)))).toBe(true);
    expect(call("deepEqual", 1.0, int(1))).toBe(false);
  });
});
