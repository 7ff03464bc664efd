/**
 * encoding/json behaviour: marshalJson against helm's toJson / toPrettyJson / toRawJson over generated
 * values, and unmarshalJson's values and error texts against helm's fromJson.
 */
import { describe, expect, it } from "vitest";
import { CodecError, marshalJson, unmarshalJson } from "@/lib/template/codec";
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";
import { goValueFromJs } from "./go-values";
import { randomValue, rng, trickyString, type Json } from "./generate";
import { renderWithHelm, valuesYamlFor } from "./helm-oracle";

describe("marshalJson against helm", () => {
  it("matches toJson, toPrettyJson and toRawJson for generated values", async () => {
    const r = rng(11);
    const cases: Json[] = [];
    for (let i = 0; i < 300; i++) cases.push(randomValue(r), trickyString(r), { "<&>": "<a href='x'>&amp;</a>\u2028\u2029" });
    const exprs = cases.flatMap((_, i) => ["toJson", "toPrettyJson", "toRawJson"].map((fn) => `${fn} (index .Values.cases ${i})`));
    const helm = await renderWithHelm(exprs, { values: valuesYamlFor({ cases }) });
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const v = goValueFromJs(c);
      const ours = [marshalJson(v), marshalJson(v, { indent: "  " }), marshalJson(v, { escapeHtml: false })];
      ours.forEach((o, k) => {
        if (o !== helm[3 * i + k]) mismatches.push(`${k} ${JSON.stringify(c)}\n  helm: ${helm[3 * i + k]}\n  ours: ${o}`);
      });
    });
    expect(mismatches.slice(0, 5).join("\n")).toBe("");
  });

  it("formats float64, Go ints and []byte like encoding/json", () => {
    expect(marshalJson(goValueFromJs([1e21, 1e-7, 100000000, 1.5, 1e-6, 0.000001, 123456789, -0]))).toBe("[1e+21,1e-7,100000000,1.5,0.000001,0.000001,123456789,-0]");
    expect(marshalJson(new GoInt(42, "int64"))).toBe("42");
    expect(marshalJson(new Uint8Array([104, 105, 10]))).toBe('"aGkK"');
    expect(marshalJson(new GoMap([["b", 1], ["a", null], ["é", "\u0001\b\f"]]))).toBe('{"a":null,"b":1,"é":"\\u0001\\b\\f"}');
    expect(marshalJson("\ud800x")).toBe('"\ufffdx"');
  });

  it("throws Go's error for NaN and infinities", () => {
    expect(() => marshalJson(NaN)).toThrow(new CodecError("json: unsupported value: NaN"));
    expect(() => marshalJson([Infinity] as GoValue)).toThrow("json: unsupported value: +Inf");
  });
});

describe("unmarshalJson against helm's fromJson", () => {
  const inputs = [
    "{}", '{"a": 1, "b": [1, 2.5, "x", true, null], "c": {"d": 1e400}}', '{"a": 1e21, "b": -0, "c": 1E-7, "d": 12345678901234567890}',
    '{"s": "\\u00e9\\ud83d\\ude00\\n\\t\\/\\\\ \\ud800 x"}', '{"a": 1, "a": 2}', "bad", "", "   ", "{", '{"a"', '{"a":', '{"a":1', '{"a":1,', '{"a" 1}',
    '{"a":1 "b":2}', "[1, 2", "[1,]", '{"a":1,}', '{a:1}', "tru", "nul", "fals", "-", "-x", "01", "1.", "1.x", "1e", "1e+", "1ex", '"abc', '"a\tb"',
    '"\\x"', '"\\u12g4"', "{} x", "[] ]", '{"é": 1} é', "'x'", "\u00e9", "{}\n\n", '{"a":[1,{"b":[true,false,null]}]}',
  ];

  it("gives the same maps and the same error texts", async () => {
    const files = Object.fromEntries(inputs.map((t, i) => [`files/c${i}.json`, t]));
    const helm = await renderWithHelm(inputs.map((_, i) => `fromJson (.Files.Get "files/c${i}.json") | toJson`), { files });
    const ours = inputs.map((t) => {
      try {
        const v = unmarshalJson(t);
        return v instanceof GoMap ? marshalJson(v) : "not a map";
      } catch (e) {
        if (!(e instanceof CodecError)) throw e;
        // Helm's fromJson adds the error to whatever map Go decoded before failing.
        const partial = e.partial instanceof GoMap ? e.partial : new GoMap();
        partial.set("Error", e.message);
        return marshalJson(partial);
      }
    });
    const mismatches = inputs.flatMap((t, i) => (ours[i] === helm[i] ? [] : [`${JSON.stringify(t)}\n  helm: ${helm[i]}\n  ours: ${ours[i]}`]));
    expect(mismatches.join("\n")).toBe("");
  });

  it("decodes numbers as float64 and non-object documents too", () => {
    expect(unmarshalJson("[1, 2.5]")).toEqual([1, 2.5]);
    expect(unmarshalJson(' "x" ')).toBe("x");
    expect(unmarshalJson("null")).toBeNull();
    expect(() => unmarshalJson("[1e999]")).toThrow("json: cannot unmarshal number 1e999 into Go value of type float64");
  });
});
