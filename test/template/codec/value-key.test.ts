/**
 * The content keys under which toYaml/toYamlPretty remember their texts (lib/template/codec/value-key.ts): values
 * that differ in any way the encoders can see must get different keys, and a value changed after it was marshalled
 * must be marshalled anew.
 */
import { describe, expect, it } from "vitest";
import { marshalYaml, marshalYamlV3, CodecError } from "@/lib/template/codec";
import { valueKey } from "@/lib/template/codec/value-key";
import { GoInt, GoMap, goSlice, type GoStruct, type GoValue } from "@/lib/template/value";

const map = (...entries: [string, GoValue][]) => new GoMap(entries);

describe("value keys", () => {
  it("differ for values that differ, however their texts line up", () => {
    const values: GoValue[] = [
      null,
      true,
      false,
      "",
      "~",
      "T",
      "1",
      1,
      -0,
      0,
      1.5,
      new GoInt(1),
      new GoInt(1, "int64"), // the same content for the encoders as int 1: may share the key
      map(),
      goSlice([]),
      map(["a", "b1:c"]),
      map(["a", "b"], ["1:c", null]),
      map(["a:", "b"]),
      map(["a", map(["b", "c"])]),
      map(["a", map()], ["b", "c"]),
      goSlice(["a", "b"]),
      goSlice(["ab"]),
      goSlice([goSlice(["a"]), "b"]),
      goSlice([goSlice(["a", "b"])]),
      "s1:a",
      goSlice(["s1:a"]),
      map(["1", 1]),
      map(["1", "1"]),
    ];
    const keys = values.map((v) => valueKey(v, Infinity));
    const distinct = new Map<string, GoValue>();
    keys.forEach((k, i) => {
      expect(k).toBeTypeOf("string");
      const other = distinct.get(k!);
      // Only the two ints of equal value may share a key.
      if (other !== undefined) expect([other, values[i]].every((x) => x instanceof GoInt && x.value === 1)).toBe(true);
      distinct.set(k!, values[i]);
    });
    expect(valueKey(-0, Infinity)).not.toBe(valueKey(0, Infinity));
  });

  it("are absent for []byte, structs and keys longer than asked", () => {
    const struct: GoStruct = { goType: "T", goKind: "struct", field: () => undefined, method: () => undefined, format: () => "{}", toJSONValue: () => map() };
    expect(valueKey(new Uint8Array([1]), Infinity)).toBeUndefined();
    expect(valueKey(map(["a", goSlice([struct])]), Infinity)).toBeUndefined();
    expect(valueKey("x".repeat(100), 50)).toBeUndefined();
    expect(valueKey(goSlice(["x".repeat(30), "y".repeat(30)]), 50)).toBeUndefined();
    expect(valueKey(map(["a", "x".repeat(30)], ["b", map(["c", "y".repeat(30)])]), 50)).toBeUndefined();
    expect(valueKey(map(["a", "x".repeat(30)]), 50)).toBe(`{1:1:as30:${"x".repeat(30)}`);
  });
});

describe("toYaml's remembered texts", () => {
  it("follow a value that changed after it was marshalled", () => {
    const labels = map(["b", "x"], ["a", "1"]);
    const list = goSlice(["one"]);
    const v = map(["labels", labels], ["list", list]);
    expect(marshalYaml(v)).toBe('labels:\n  a: "1"\n  b: x\nlist:\n- one\n');
    expect(marshalYamlV3(v)).toBe('labels:\n  a: "1"\n  b: x\nlist:\n  - one\n');
    labels.set("a", 1);
    list.push("two");
    expect(marshalYaml(v)).toBe("labels:\n  a: 1\n  b: x\nlist:\n- one\n- two\n");
    expect(marshalYamlV3(v)).toBe("labels:\n  a: 1\n  b: x\nlist:\n  - one\n  - two\n");
    labels.delete("b");
    expect(marshalYaml(v)).toBe("labels:\n  a: 1\nlist:\n- one\n- two\n");
    // The same content built in another order gives the same text.
    expect(marshalYaml(map(["list", goSlice(["one", "two"])], ["labels", map(["a", 1])]))).toBe("labels:\n  a: 1\nlist:\n- one\n- two\n");
  });

  it("keep failing for values that cannot be marshalled", () => {
    for (let i = 0; i < 2; i++) expect(() => marshalYaml(map(["x", NaN]))).toThrow(CodecError);
    expect(marshalYamlV3(map(["x", NaN]))).toBe("x: .nan\n");
  });

  it("tell -0 from 0 only where the dialect does", () => {
    expect([marshalYaml(0), marshalYaml(-0)]).toEqual(["0\n", "0\n"]);
    expect([marshalYamlV3(0), marshalYamlV3(-0)]).toEqual(["0\n", "-0\n"]);
  });
});
