/**
 * Values loading (go-yaml v2 via sigs.k8s.io/yaml) compared with the real helm: plain-scalar resolution as
 * values and as keys, anchors and merge keys, tags, block scalars, error texts (through fromYaml), and
 * multi-document values files (through .Values).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodecError, YamlError, loadYaml, loadYamlDocuments, marshalJson, unmarshalJson } from "@/lib/template/codec";
import { GoMap, goTypeName, type GoValue } from "@/lib/template/value";
import { randomNumber, rng } from "./generate";
import { renderWithHelm } from "./helm-oracle";

/** Helm's MergeMaps: nested maps merge, anything else is replaced by the later document. */
function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out = new GoMap(a);
  for (const [k, v] of b) {
    const prev = out.get(k);
    out.set(k, v instanceof GoMap && prev instanceof GoMap ? mergeMaps(prev, v) : v);
  }
  return out;
}

/** Helm's values loading: every document of the file, merged. */
function loadValuesFile(text: string): GoMap {
  return loadYamlDocuments(text).reduce<GoMap>((acc, d) => (d instanceof GoMap ? mergeMaps(acc, d) : acc), new GoMap());
}

/** What `fromYaml text | toJson` prints in Helm, computed with our loader. */
function fromYamlJson(text: string): string {
  try {
    const v = loadYaml(text);
    if (v === null) return "{}";
    if (!(v instanceof GoMap)) {
      const kind = Array.isArray(v) ? "array" : typeof v === "string" ? "string" : typeof v === "boolean" ? "bool" : "number";
      return marshalJson(new GoMap([["Error", `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`]]));
    }
    return marshalJson(v);
  } catch (e) {
    if (e instanceof YamlError || e instanceof CodecError) return marshalJson(new GoMap([["Error", e.message]]));
    throw e;
  }
}

async function compareFromYaml(inputs: string[]): Promise<void> {
  const files = Object.fromEntries(inputs.map((t, i) => [`files/c${i}.yaml`, t]));
  const helm = await renderWithHelm(inputs.map((_, i) => `fromYaml (.Files.Get "files/c${i}.yaml") | toJson`), { files });
  const mismatches = inputs.flatMap((t, i) => {
    const ours = fromYamlJson(t);
    return ours === helm[i] ? [] : [`${JSON.stringify(t)}\n  helm: ${helm[i]}\n  ours: ${ours}`];
  });
  expect(mismatches.slice(0, 8).join("\n")).toBe("");
}

const PLAIN_SCALARS = [
  "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE",
  "yEs", "tRUE", "~", "null", "Null", "NULL", "nULL", "", "0", "-0", "+0", "00", "017", "-017", "08", "09.5", "0755", "0o17", "0O17", "0o8", "0x1F", "0X1f", "-0x10",
  "+0x10", "0x", "0xG", "0b101", "-0b101", "0b2", "0b", "1_000", "1__0", "_1", "1_", "0x_1F", "1e3", "1E3", "1e+3", "1E-3", "1.e5", ".1e5", "1.0", "1.", ".5", "-.5", "+.5",
  "5.", "1_000.5", "1.5e-10", "6.02e23", "1e400", "99999999999999999999", "12345678901234567890", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
  "18446744073709551615", "18446744073709551616", "0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "1:20", "1:2:3", "190:20:30.15", "-1:20", "2024-01-02", "2024-1-2",
  "2024-02-30", "2024-13-01", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2001-12-14T21:59:43Z", "20240102", "12:30", "1.2.3", "v1.2", "1-2",
  "+", "-1", "+1", "+-1", "--1", "0.0", "-0.0", "1e", "e3", ".e3", "..5", "0x1p-2", "inf", "Infinity", "nan", ".Inf", "=", "<<x", "x<<", "a b", "é", "日本",
];

describe("loadYaml against helm", () => {
  it("resolves YAML 1.1 plain scalars as values like go-yaml v2", async () => {
    // One document per scalar, so that one load error cannot hide the others.
    const single = PLAIN_SCALARS.map((s) => `k: ${s}\n`);
    const inflow = PLAIN_SCALARS.filter((s) => s !== "").map((s) => `{f: ${s}}\n`);
    const inlist = PLAIN_SCALARS.filter((s) => s !== "").map((s) => `l: [${s}]\n`);
    await compareFromYaml([...single, ...inflow, ...inlist]);
  });

  it("resolves plain scalars used as keys (bools become \"true\"/\"false\", floats use float32 text)", async () => {
    const usable = PLAIN_SCALARS.filter((s) => !["", "~", "null", "Null", "NULL"].includes(s));
    // uint64 keys are a load error naming one of them; Go picks which one in random map order.
    const noUint64 = usable.filter((s) => !["18446744073709551615", "0xFFFFFFFFFFFFFFFF", "12345678901234567890", "9223372036854775808"].includes(s));
    // Keys that end up as the same JSON key (1_000 and 1e3 both give "1000") collide in Go's random map
    // order; each key's own conversion is checked one document at a time above, so keep one of each here.
    const seen = new Set<string>();
    const distinct = noUint64.filter((s) => {
      const key = [...(loadYaml(`${s}: v\n`) as GoMap).keys()][0];
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await compareFromYaml([...usable.map((s) => `${s}: v\n`), distinct.map((s, i) => `${s}: ${i}`).join("\n") + "\n", "0.1: a\n3.14159265358979: b\n1e6: c\n-2.5: d\n0.0: e\n-0.0: f\n"]);
  });

  it("names float keys with float32 precision like sigs.k8s.io/yaml", async () => {
    const r = rng(41);
    const keys = new Set<string>();
    while (keys.size < 300) {
      const x = randomNumber(r) * (r() < 0.3 ? -1 : 1);
      if (!Number.isInteger(x)) keys.add(String(x));
    }
    await compareFromYaml([...keys].map((k) => `${k}: v\n`));
  });

  it("handles quoting, tags, anchors, merge keys, block scalars and odd documents", async () => {
    await compareFromYaml([
      "a: 'it''s'\nb: \"esc\\t\\u00e9\\x41\\n\\N\\_\\L\"\nc: plain text # comment\nd: multi\n  line plain\ne: \"folded\n  double\n\n  para\"\n",
      "a: !!str 5\nb: !!int \"7\"\nc: !!float 1\nd: !foo bar\ne: ! 5\nf: !!binary aGVsbG8=\ng: !!bool yes\nh: !!null ''\n",
      "a: |\n  lit\n  text\nb: >\n  folded\n  text\n\n  para\nc: |-\n  x\nd: |+\n  y\n\ne: >-\n  f\n   indented\n  g\nf: |2\n    two\n",
      "b: &x {k: v, j: [1, 2]}\nc: *x\nd:\n  <<: *x\n  k: over\ne:\n  k: first\n  <<: *x\n",
      "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\nd: &s scalar\ne: *s\nf: [*a, *s]\n",
      "<<: {a: 1}\nb: 2\n", "a: <<\n", "a:\n  <<: 5\n", "x: *nope\n", "~: 1\n", "? [1, 2]\n: x\n", "[1, 2]\n", "just a string\n", "42\n", "true\n",
      "", "# only comment\n", "---\na: 1\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "a:\n", "a: ''\nb: \"\"\n", "x: 1\nx: 2\n", "a: .inf\n", "a: [-.Inf]\n", "a: {b: .nan}\n",
      "\"quoted key\": 1\n'single': 2\n? complex\n: 3\n", "a: 2024-01-02\nb: 2024-01-02T03:04:05Z\n", "%YAML 1.1\n---\na: 1\n", "a: 1 # c\n# d\nb: [1, # e\n  2]\n",
      "a:\n- 1\n- - 2\n  - 3\n- k: v\n  l: w\n", "\ufeffa: 1\n", "a: \"\\U0001F600\"\nb: 😀\n",
    ]);
  });

  it("reports go-yaml's error texts and line numbers", async () => {
    await compareFromYaml([
      "a: b: c", "a: [", "a:\n  b\n c: d", "\ta: 1", "a: 'x", "- a\nb: c", "a: 1\n- b", "@x: 1", "a: `x", "a: 1\n b: 2", "a:\n  - b\n  c: d", "a: {b: 1",
      "a: \"x", "k: v\n\n\nz: [1, 2", "d: +\ne: -\nf: 1", "a: {b: [1}", "x:\n  - a\n  -b: 1\n", "a: b\n- c", "a: 1\nb\n", "a:\n  b: 1\n c: 2\n", "a: [1, 2]]\n",
      "a: }\n", "a:\n  - b: 1\n   c: 2\n", "a: \u0001\n", "key: value\n  bad: indent\n", "list:\n- a\n- b\nother: 1\n  x: 2\n", "a: 1\n\n\n  - x\n",
    ]);
  });

  it("reads quoted scalars whose continuation lines are not indented, as go-yaml does", async () => {
    await compareFromYaml([
      'a: "x\ny"\nb: 1\n', 'a:\n  b: "x\n  y"\n', "a: 'x\ny'\n", 'k: "x\n\n\ny z"\n', 'a:\n  b: "x\ny"\n', 'a: "x\n---\ny"\n',
      'a: "x # c\ny" # d\nb: "q\\"\nr"\n', 'a: "x\ny\nb: 1\n', 'a: "x\n  y\n', "- 'a\nb'\n- c\n", 'a: "x\\\n   y"\n',
    ]);
  });

  it("refuses documents that are mostly alias expansion, as go-yaml does", async () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const name of "bcdef") levels.push(`${name}: &${name} [${Array(9).fill(`*${levels.length === 0 ? "a" : String.fromCharCode(name.charCodeAt(0) - 1)}`).join(", ")}]`);
    const three = levels.slice(0, 3).join("\n") + "\n";
    await compareFromYaml([levels.join("\n") + "\n", three]);
  });

  it("reports more typos, and stops at a dedent below an indented first line, as go-yaml does", async () => {
    await compareFromYaml([
      "a: 1\nb:2\n", "a: 1\nb:2\nc: 3\n", "a:\n  - name: x\n  value: y\n", "a:\n  -name: x\n", "a:\n- b\n -c\n", "a: [b, c]]\n", "a: {b: c}}\n", "a: 'x'y\n", "a: \"x\" y\n", "a: x: y\n", "- a: 1\n  b: 2\n - c: 3\n", "a:\n    b: 1\n  c: 2\n", "a: b\n  c: d\n", "a: |\nx\n", "a: >\n x\ny\n", "a:\n  b:\n  c\n", "a: *\n", "a: &\n", "a: !\n", "a: [1, 2,]\n", "a: {b: }\n", "a: {b: 1,}\n", "a: ,\n", "a: ]\n", "a: 'x''\n", "a: -\n", "a: ?\n", "a: :\n", "? a\nb: c\n", "a:\t1\n", "a: 1\t\nb: 2\n", "  a: 1\nb: 2\n", "a:\n  b: 1\n    c: 2\n", "  a: 1\n  c: 3\nb: 2\n", "  a: |\n    x\nb: 1\n", "   \n  # c\n  a: 1\n b: 2\n",
    ]);
  });

  it("reports common typos in values files as go-yaml does", async () => {
    await compareFromYaml([
      "a:\n  b: 1\n\tc: 2\n", "a:\n\tb: 1\n", "a: 1\n  \tb: 2\n", "image:\n  repository: nginx\n  tag: \"1.0\n", "image:\n  repository: nginx\n tag: 1.0\n", "a: 1\nb 2\nc: 3\n", "env:\n  - name: A\n    value: 1\n  - name B\n", "a: [1, 2\nb: 3\n", "a: {x: 1\nb: 3\n", "a: 1\n  b: 2\n", "list:\n  - a\n   - b\n", "key: 'it's'\n", "key: \"a\"b\"\n", "a:\n  - b\n  -c\n  - d\n", "a: b\n c\n", "resources:\n  limits:\n    cpu: 100m\n   memory: 1Gi\n", "a: |\n  x\n y\n", "- a\n- b\n c: d\n", "a: &x 1\nb: *y\n", "a: !!int x\n", "}\n", "a: 1\n}\n", "a: @x\n", "a:\n  b:\n    - c\n  - d\n",
    ]);
  });
});

describe("types of loaded values against helm's typeOf", () => {
  it("gives float64 for every number, string for timestamps, and Go's container types", async () => {
    const text = PLAIN_SCALARS.filter((x) => !["1e400", ".inf", ".Inf", "-.Inf", "+.inf"].includes(x) && !x.includes(".nan"))
      .map((x, i) => `k${String(i).padStart(3, "0")}: ${x}`)
      .concat("m: {a: 1}", "l: [1]", "e: []", "n: ~")
      .join("\n");
    const [helm] = await renderWithHelm([`include "types" .`], {
      files: {
        "files/t.yaml": text,
        "templates/_types.tpl": `{{ define "types" }}{{ range $k, $v := fromYaml (.Files.Get "files/t.yaml") }}{{ $k }}={{ typeOf $v }};{{ end }}{{ end }}`,
      },
    });
    const loaded = loadYaml(text) as GoMap;
    const ours = [...loaded.keys()].sort().map((k) => `${k}=${goTypeName(loaded.get(k)!)};`).join("");
    expect(ours).toBe(helm);
  });

  it("reports positions on errors", () => {
    try {
      loadYaml("a: 1\nb:\n\tc: 2\n");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(YamlError);
      expect([(e as YamlError).line, (e as YamlError).column]).toEqual([3, 1]);
    }
  });
});

describe("loadYaml on the shared conformance cases", () => {
  const file = path.resolve(process.cwd(), "../shared/conformance/gotemplate-cases.json");
  it.skipIf(!existsSync(file))("gives .Values exactly as helm captured it (toRawJson .Values)", () => {
    const cases = JSON.parse(readFileSync(file, "utf8")) as { id: string; values: unknown; valuesYaml?: string; files?: Record<string, string> }[];
    // With subcharts, .Values also holds coalesced subchart defaults: that is the chart loader's job, not ours.
    const withYaml = cases.filter((c) => c.valuesYaml !== undefined && !Object.keys(c.files ?? {}).some((f) => f.startsWith("charts/")));
    expect(withYaml.length).toBeGreaterThan(20);
    for (const c of withYaml) {
      const expected = marshalJson(unmarshalJson(JSON.stringify(c.values)), { escapeHtml: false });
      const loaded = loadValuesFile(c.valuesYaml!);
      // The recorded `values` lost the sign of -0 (case num-print-more prints "-0" for it), so compare without it.
      const ours = marshalJson(loaded, { escapeHtml: false }).replace(/(?<=[:,[])-0(?=[,}\]])/g, "0");
      expect(ours, c.id).toBe(expected);
    }
  });
});

describe("loadYamlDocuments", () => {
  it("splits and merges documents like Helm's values loader", async () => {
    const texts = [
      "a: 1\nb: {x: 1, y: 2}\n---\nb: {y: 3, z: 4}\nc: [1]\n--- # comment\nc: [2]\n",
      "---\n---\na: 1\n---\n\n# nothing\n---\nd: yes\n",
      "x: |\n  ---\n  not a separator\n",
    ];
    for (const text of texts) {
      const [helm] = await renderWithHelm(["toJson .Values"], { values: text });
      expect(marshalJson(loadValuesFile(text))).toBe(helm);
    }
  });

  it("rejects content after a document separator with the reader's text", () => {
    expect(() => loadYamlDocuments("a: 1\n--- b: 2\n")).toThrow("error reading yaml document: invalid Yaml document separator: b: 2");
    expect(() => loadYamlDocuments("a: [\n")).toThrow("cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected node content");
  });

  it("yields one value per non-empty document, null for comment-only ones", () => {
    const docs: GoValue[] = loadYamlDocuments("a: 1\n---\n# c\n---\n- x\n");
    expect(docs.map((d) => marshalJson(d))).toEqual(['{"a":1}', "null", '["x"]']);
  });
});
