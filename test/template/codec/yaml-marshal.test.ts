/**
 * toYaml (marshalYaml) and toYamlPretty (marshalYamlV3) compared byte for byte with the real helm over
 * thousands of generated values, plus the verified conformance cases from the shared spec.
 */
import { describe, expect, it } from "vitest";
import { CodecError, marshalJson, marshalToml, marshalYaml, marshalYamlV3 } from "@/lib/template/codec";
import { GoInt, GoMap } from "@/lib/template/value";
import { goValueFromJs } from "./go-values";
import { randomValue, rng, trickyString, type Json } from "./generate";
import { renderWithHelm, valuesYamlFor } from "./helm-oracle";

/** Helm's toYaml: the marshalled text minus one trailing newline, or "" when marshalling fails. */
function toYaml(v: Json): string {
  try {
    return marshalYaml(goValueFromJs(v)).replace(/\n$/, "");
  } catch (e) {
    if (e instanceof CodecError) return "";
    throw e;
  }
}

function toYamlPretty(v: Json): string {
  return marshalYamlV3(goValueFromJs(v)).replace(/\n$/, "");
}

async function compareWithHelm(cases: Json[]): Promise<void> {
  const exprs = cases.flatMap((_, i) => [`toYaml (index .Values.cases ${i})`, `toYamlPretty (index .Values.cases ${i})`]);
  const helm = await renderWithHelm(exprs, { values: valuesYamlFor({ cases }) });
  const mismatches: string[] = [];
  cases.forEach((c, i) => {
    const mine = [toYaml(c), toYamlPretty(c)];
    ["toYaml", "toYamlPretty"].forEach((fn, k) => {
      if (mine[k] !== helm[2 * i + k]) mismatches.push(`${fn} ${JSON.stringify(c)}\n  helm: ${JSON.stringify(helm[2 * i + k])}\n  ours: ${JSON.stringify(mine[k])}`);
    });
  });
  expect(mismatches.slice(0, 5).join("\n")).toBe("");
}

describe("marshalYaml against helm", () => {
  it("matches toYaml/toYamlPretty for tricky strings at several depths", async () => {
    const r = rng(1);
    const cases: Json[] = [];
    for (let i = 0; i < 400; i++) {
      const s = trickyString(r);
      cases.push(s, { key: s }, [s], { a: { b: [{ c: s }] } });
    }
    await compareWithHelm(cases);
  });

  it("matches for random nested values with keys of every kind", async () => {
    const r = rng(2);
    await compareWithHelm(Array.from({ length: 600 }, () => randomValue(r)));
  });

  it("matches for strings of random awkward characters, as keys and values, at several depths", async () => {
    const alphabet = ["a", "b", " ", " ", "\n", "\t", ":", "#", "-", "?", "'", '"', "\\", "é", "😀", "\u2028", "\r", "{", "[", ",", ".", "0", "1", "y", "|", ">", "&", "*", "!", "%", "@", "`", "~", "=", "<"];
    const r = rng(3);
    const cases: Json[] = [];
    for (let i = 0; i < 500; i++) {
      const n = Math.floor(r() * (r() < 0.2 ? 200 : 12));
      let s = "";
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(r() * alphabet.length)];
      let v: Json = r() < 0.3 ? { [s]: s } : s;
      for (let d = Math.floor(r() * 4); d > 0; d--) v = r() < 0.5 ? [v] : { k: v };
      cases.push(v);
    }
    await compareWithHelm(cases);
  });

  it("matches for literal-block edge cases and folding widths", async () => {
    const cases: Json[] = [];
    for (const body of ["\n", "\n\n", "a\n", "a\n\n", "\na", " a\nb", "a\n b", "a \nb", "a\n\n\nb\n", "x\r\ny", "tab\tin\nblock", "a\u2028b", "a\u0085b"]) {
      cases.push(body, { k: body }, [body], { [body]: 1 });
    }
    for (let n = 70; n <= 90; n++) cases.push({ k: `${"w".repeat(n)} tail more words` }, [`${"a ".repeat(n / 2)}end`], `'${"q ".repeat(n / 2)}'`);
    await compareWithHelm(cases);
  });
});

describe("[]byte values against helm", () => {
  it("is base64 for toYaml/toJson, a list of numbers for toYamlPretty/toToml", async () => {
    const bytes = new Uint8Array([104, 105, 10]);
    const helm = await renderWithHelm(["toYaml", "toYamlPretty", "toJson"].map((fn) => `${fn} (.Files.GetBytes "files/a.txt")`).concat(`toToml (dict "b" (.Files.GetBytes "files/a.txt"))`), {
      files: { "files/a.txt": "hi\n" },
    });
    const ours = [marshalYaml(bytes).replace(/\n$/, ""), marshalYamlV3(bytes).replace(/\n$/, ""), marshalJson(bytes), marshalToml(new GoMap([["b", bytes]]))];
    expect(ours).toEqual(helm);
  });
});

describe("NaN and infinities against helm", () => {
  it("are .nan/.inf for toYamlPretty and toToml, and errors for toYaml/toJson", async () => {
    const specials = new GoMap([["a", NaN], ["b", -Infinity], ["c", Infinity]]);
    const helm = await renderWithHelm([
      `toYamlPretty (dict "a" (float64 "NaN") "b" (float64 "-Inf") "c" (float64 "Inf"))`,
      `toToml (dict "a" (float64 "NaN") "b" (float64 "-Inf") "c" (float64 "Inf"))`,
      `toYaml (float64 "NaN")`,
    ]);
    const ours = [marshalYamlV3(specials).replace(/\n$/, ""), marshalToml(specials), toYaml(NaN as unknown as Json)];
    expect(ours).toEqual(helm);
  });
});

describe("marshalYaml, verified cases from the spec", () => {
  it("lays out scalars, nesting and key order as yaml.v2 does", () => {
    expect(toYaml({ cfg: { a: { x: "y z" }, b: [1, 2] } })).toBe("cfg:\n  a:\n    x: y z\n  b:\n  - 1\n  - 2");
    expect(toYaml([{ a: 1, b: [1, 2] }, [3, [4]]])).toBe("- a: 1\n  b:\n  - 1\n  - 2\n- - 3\n  - - 4");
    expect(toYaml({ a10: 1, a9: 2, a: 3, B: 4, _x: 5, "10": 6, "9": 7, b1c20: 9, b1c3: 10, "": 11, Z: 12, "é": 13 })).toBe(
      '"": 11\n_x: 5\n"9": 7\n"10": 6\nB: 4\nZ: 12\na: 3\na9: 2\na10: 1\nb1c3: 10\nb1c20: 9\né: 13',
    );
    expect(toYaml({ "k\nnl": 8, "-k": 5 })).toBe("-k: 5\n? |-\n  k\n  nl\n: 8");
  });

  it("turns integral float64 into ints, keeps others in 'g' form, and fails on NaN", () => {
    expect([1e6, 1e21, 1e-6, 2.5, 3].map((x) => toYaml(x))).toEqual(["1000000", "1e+21", "1e-06", "2.5", "3"]);
    expect(marshalYaml(new GoInt(7, "int64"))).toBe("7\n");
    expect(() => marshalYaml(NaN)).toThrow("error marshaling into JSON: json: unsupported value: NaN");
    expect(() => marshalYaml(new GoMap([["x", -Infinity]]))).toThrow("json: unsupported value: -Inf");
  });

  it("encodes []byte as base64 (JSON first) and structs through their JSON form", () => {
    expect(marshalYaml(new Uint8Array([104, 105]))).toBe("aGk=\n");
    const struct = { goType: "x", goKind: "struct" as const, field: () => undefined, method: () => undefined, format: () => "", toJSONValue: () => new GoMap([["Major", "1"]]) };
    expect(marshalYaml(struct)).toBe('Major: "1"\n');
    expect(marshalYamlV3(new GoMap([["v", 1e6]]))).toBe("v: 1e+06\n");
  });
});
