import { describe, expect, it } from "vitest";
import { GoMap, goSlice } from "@/lib/template/value";
import { call, dict, failure, int, list, show } from "./call";

const values = (entries: [string, unknown][]) => new GoMap(entries as never, "common.Values");

describe("Helm's serialisation functions", () => {
  it("toYaml, mustToYaml and toYamlPretty trim one trailing newline", () => {
    const v = values([
      ["a", "yes"],
      ["big", 1e6],
      ["l", goSlice([dict("k", "v", "j", "w")])],
      ["ml", "l1\nl2"],
      ["z", 1],
    ]);
    expect(show("mustToYaml", v)).toBe('a: "yes"\nbig: 1000000\nl:\n- j: w\n  k: v\nml: |-\n  l1\n  l2\nz: 1');
    expect(show("toYamlPretty", v)).toBe('a: "yes"\nbig: 1e+06\nl:\n  - j: w\n    k: v\nml: |-\n  l1\n  l2\nz: 1');
    expect(show("toYaml", null)).toBe("null");
    expect(show("toYaml", list(dict("a", int(1), "b", list(int(1), int(2))), list(int(3), list(int(4)))))).toBe(
      "- a: 1\n  b:\n  - 1\n  - 2\n- - 3\n  - - 4",
    );
    expect(show("toYaml", NaN)).toBe("");
    expect(failure("mustToYaml", NaN)).toBe("error marshaling into JSON: json: unsupported value: NaN");
  });
  it("fromYaml and fromYamlArray never fail: errors become data", () => {
    expect(show("fromYaml", "b: 1\na: [x, 2]\nc: yes\nd: 1.5\ne: 2024-01-01\nf: 0x10")).toBe("map[a:[x 2] b:1 c:true d:1.5 e:2024-01-01 f:16]");
    expect(call("typeOf", (call("fromYaml", "b: 1") as GoMap).get("b")!)).toBe("float64");
    expect(show("fromYaml", "")).toBe("map[]");
    expect(show("fromYaml", "- a")).toBe(
      "map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]",
    );
    expect(show("fromYaml", "a: [")).toBe("map[Error:error converting YAML to JSON: yaml: line 1: did not find expected node content]");
    expect(show("fromYamlArray", "- a\n- 1")).toBe("[a 1]");
    expect(show("fromYamlArray", "a: 1")).toBe(
      "[error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]",
    );
  });
  it("toJson family", () => {
    expect(show("toJson", "x")).toBe('"x"');
    expect(show("toJson", int(1))).toBe("1");
    expect(show("toJson", null)).toBe("null");
    expect(show("toJson", list())).toBe("[]");
    expect(show("toJson", 123456789.0)).toBe("123456789");
    expect(show("toJson", NaN)).toBe("");
    expect(failure("mustToJson", NaN)).toBe("json: unsupported value: NaN");
    const v = values([
      ["a", goSlice([1, dict("c", 2)])],
      ["b", "<x>"],
      ["e", new GoMap()],
    ]);
    expect(show("toPrettyJson", v)).toBe('{\n  "a": [\n    1,\n    {\n      "c": 2\n    }\n  ],\n  "b": "\\u003cx\\u003e",\n  "e": {}\n}');
    expect(show("toRawJson", v)).toBe('{"a":[1,{"c":2}],"b":"<x>","e":{}}');
    expect(failure("toRawJson", NaN)).toBe("json: unsupported value: NaN");
  });
  it("fromJson (Helm's) accepts objects only; fromJsonArray arrays only; mustFromJson is Sprig's", () => {
    expect(show("fromJson", '{"a": 1, "b": [1, 2.5]}')).toBe("map[a:1 b:[1 2.5]]");
    expect(show("fromJson", "[1]")).toBe("map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]");
    expect(show("fromJson", "bad")).toBe("map[Error:invalid character 'b' looking for beginning of value]");
    expect(show("fromJson", "")).toBe("map[Error:unexpected end of JSON input]");
    expect(show("fromJsonArray", '[1,"a"]')).toBe("[1 a]");
    expect(show("fromJsonArray", "{}")).toBe("[json: cannot unmarshal object into Go value of type []interface {}]");
    expect(show("mustFromJson", "[1, 2]")).toBe("[1 2]");
    expect(failure("mustFromJson", "bad")).toBe("invalid character 'b' looking for beginning of value");
  });
  it("toToml and fromToml", () => {
    const v = values([
      ["list", goSlice([1, 2])],
      ["name", "x"],
      ["num", 3],
      ["objs", goSlice([dict("a", 1), dict("a", 2)])],
      ["sub", dict("k", "v", "deep", dict("z", 1))],
    ]);
    expect(show("toToml", v)).toBe(
      'list = [1.0, 2.0]\nname = "x"\nnum = 3.0\n\n[[objs]]\n  a = 1.0\n\n[[objs]]\n  a = 2.0\n\n[sub]\n  k = "v"\n  [sub.deep]\n    z = 1.0\n',
    );
    expect(show("fromToml", 'a = 1\nb = "x"\n[t]\nc = 1.5')).toBe("map[a:1 b:x t:map[c:1.5]]");
    expect(call("typeOf", (call("fromToml", "a = 1") as GoMap).get("a")!)).toBe("int64");
    expect(show("fromToml", "a = ")).toBe('map[Error:toml: line 1 (last key "a"): unexpected EOF; expected value]');
  });
  it("getHostByName answers nothing with DNS disabled", () => {
    expect(call("getHostByName", "localhost")).toBe("");
  });
});
