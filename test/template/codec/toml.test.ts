/**
 * toToml / fromToml against helm (BurntSushi/toml v1.6.0 inside it): table layout, float text, quoting,
 * arrays of tables, inline tables, nil handling, decoded types and parse error texts.
 */
import { describe, expect, it } from "vitest";
import { CodecError, marshalJson, marshalToml, unmarshalToml } from "@/lib/template/codec";
import { GoInt, GoMap, goTypeName, type GoStruct } from "@/lib/template/value";
import { goValueFromJs } from "./go-values";
import { randomValue, rng, trickyString, type Json } from "./generate";
import { renderWithHelm, valuesYamlFor } from "./helm-oracle";

/** Helm's toToml prints the encoder's error text in place of the document. */
function toToml(v: Json): string {
  try {
    return marshalToml(goValueFromJs(v));
  } catch (e) {
    if (e instanceof CodecError) return e.message;
    throw e;
  }
}

describe("marshalToml against helm", () => {
  it("matches toToml for fixed shapes and generated values", async () => {
    const r = rng(21);
    const cases: Json[] = [
      "str", 3, [1, "a"], [{ a: 1 }, { b: null }], { f: 1e21, g: 1e-7, i: 1.5, j: 100, k: 123456789, m: 1e300, n: 0.1, o: 1e6, p: -2.5 },
      { x: null, y: [[{ a: 1 }], [2]], z: { q: { r: 1 }, w: "v" } }, { "a b": 1, "": 2, "é": 3, 'q"x': { "t\n": 1 } }, [1, null],
      { e: [], em: {}, z: 1 }, { b: [{ a: 1 }, 2] }, { lm: [{ a: 1, n: { x: 1 } }, { b: null, c: [{ d: 1 }] }] }, { a: { b: { c: [{ d: 1 }] } }, z: {} },
      { in: [{ a: { b: 1 }, c: 2 }, { x: null, y: 1 }] }, { arr: [[1, 2], ["a"]], t: true }, { k: { z: null } }, { m: [{ k: { q: null } }] }, [], {},
    ];
    for (let i = 0; i < 150; i++) {
      cases.push({ v: randomValue(r) }, { s: trickyString(r) });
      // A nil document makes helm's toToml fail the whole render (a reflect error, not an encoder error).
      const top = randomValue(r);
      if (top !== null) cases.push(top);
    }
    const helm = await renderWithHelm(cases.map((_, i) => `toToml (index .Values.cases ${i})`), { values: valuesYamlFor({ cases }) });
    const mismatches = cases.flatMap((c, i) => (toToml(c) === helm[i] ? [] : [`${JSON.stringify(c)}\n  helm: ${JSON.stringify(helm[i])}\n  ours: ${JSON.stringify(toToml(c))}`]));
    expect(mismatches.slice(0, 5).join("\n")).toBe("");
  });

  it("writes Go ints without a decimal point and refuses nil", () => {
    expect(marshalToml(new GoMap([["n", new GoInt(5, "int64")], ["f", 5]]))).toBe("f = 5.0\nn = 5\n");
    expect(() => marshalToml(null)).toThrow(CodecError);
  });
});

describe("unmarshalToml against helm's fromToml", () => {
  const inputs = [
    "a = 1\nb = \"x\"\n[t]\nc = 1.5", "i = 42\nf = 1e3\ns = 'lit'\nml = \"\"\"\nx\ny\"\"\"\narr = [1, 2.5, \"a\"]\nt = {a = 1, b = [true]}\n[[aot]]\nn = 1\n[[aot]]\nn = 2\n",
    "h = 0x1F\no = 0o17\nb = 0b11\nu = 1_000\nneg = -0.0\n", "d = 2024-01-02\n", "dt = 1979-05-27T07:32:00Z\nodt = 1979-05-27T00:32:00.999-07:00\nldt = 1979-05-27T07:32:00\nlt = 07:32:00\n",
    "[a.b.c]\nx = 1\n[a]\ny = 2\n", "\"quoted key\" = 1\n'lit key' = 2\ndotted.key = 3\n", "",
    "a = ", "a = 1\na = 2", "a = \"x", "= 1", "a = 1 b", "a = 1\nb = 2\n[t]\nc = ", "x = 1\n[x]\n", "[t]\n[t]\n",
    "[a\nb=1", "a = [1, 2", "a = {b = 1", "a = tru", "a = 1__2", "a = 01", "a = 1.", "a = 'x\n'", "[s]\nk = {x = 1, y = [2, 3]\n",
  ];

  it("gives the same tables, types and error texts", async () => {
    const files = Object.fromEntries(inputs.map((t, i) => [`files/c${i}.toml`, t]));
    const helm = await renderWithHelm(inputs.map((_, i) => `fromToml (.Files.Get "files/c${i}.toml") | toJson`), { files });
    const ours = inputs.map((t) => {
      try {
        return marshalJson(unmarshalToml(t));
      } catch (e) {
        if (!(e instanceof CodecError)) throw e;
        return marshalJson(new GoMap([["Error", e.message]]));
      }
    });
    const mismatches = inputs.flatMap((t, i) => (ours[i] === helm[i] ? [] : [`${JSON.stringify(t)}\n  helm: ${helm[i]}\n  ours: ${ours[i]}`]));
    expect(mismatches.join("\n")).toBe("");
  });

  it("decodes every date-time kind to a time.Time that prints and encodes as Go's does", async () => {
    const text = "d = 2024-01-02\ndt = 1979-05-27T07:32:00Z\nodt = 1979-05-27T00:32:00.999-07:00\nldt = 1979-05-27T07:32:00.5\nlt = 07:32:00\nz = 1979-05-27T07:32:00+00:00\n";
    const keys = ["d", "dt", "odt", "ldt", "lt", "z"];
    const get = (k: string) => `(fromToml (.Files.Get "files/t.toml")).${k}`;
    const helm = await renderWithHelm(keys.flatMap((k) => [`${get(k)} | toString`, `typeOf ${get(k)}`, `${get(k)} | toJson`]), { files: { "files/t.toml": text } });
    const decoded = unmarshalToml(text) as GoMap;
    const ours = keys.flatMap((k) => {
      const v = decoded.get(k)! as GoStruct;
      return [v.format(), goTypeName(v), marshalJson(v)];
    });
    expect(ours).toEqual(helm);
  });

  it("types integers as int64 and floats as float64", async () => {
    const text = "i = 1\nf = 1.0\n";
    const [helm] = await renderWithHelm([`printf "%s %s" (typeOf (fromToml "${text.replace(/\n/g, "\\n")}").i) (typeOf (fromToml "${text.replace(/\n/g, "\\n")}").f)`]);
    const v = unmarshalToml(text) as GoMap;
    expect(`${goTypeName(v.get("i")!)} ${goTypeName(v.get("f")!)}`).toBe(helm);
  });
});
