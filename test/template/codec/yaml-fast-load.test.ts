/**
 * The fast path of loadYaml (lib/template/codec/yaml-fast-load.ts): where it answers, it must answer what go-yaml
 * does (checked with the real helm through fromYaml), and exactly what the full loader answers (checked on every
 * document of the corpus goldens, every values file of the corpus, and seeded mutations of them); where it cannot
 * be sure, it must leave the input to the full loader.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitManifests } from "@/lib/chart/manifest-documents";
import { loadYaml, marshalJson, YamlError } from "@/lib/template/codec";
import { fastLoadYaml } from "@/lib/template/codec/yaml-fast-load";
import { loadYamlFull } from "@/lib/template/codec/yaml-load";
import { GoMap, type GoValue } from "@/lib/template/value";
import { rng } from "./generate";
import { renderWithHelm } from "./helm-oracle";

/** A comparable form: map entries in order with the map's Go type, -0 kept apart from 0. */
function canonical(v: GoValue): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof GoMap) return { map: x.typeName, entries: [...x] };
    if (typeof x === "number" && Object.is(x, -0)) return "-0";
    return x;
  });
}

/** Inputs in the fast path's subset, with the edges that matter: breaks at the end of input, folding, escapes. */
const FAST_INPUTS = [
  "a: |\n  foo",
  "a: |\n  foo\n",
  "a: |-\n  foo\n",
  "a: |\n  x\n\n  y",
  "a: |\n  foo\n  \nb: 1\n",
  "a: |\n  foo\n# c\n",
  "- |\n  foo",
  "a:\n  b: |\n    foo\n      bar\n\n    baz\n  c: 1\n",
  "a: long plain\n  text that\n\n  continues\nb: 2\n",
  "a:\n  plain on\n  its own lines\n",
  "a: 'single\n  quoted '' text\n\n  folded'\n",
  "a: \"double\n  quoted\n  \"\n",
  "a: \"esc \\t \\u00e9 \\x41 \\\" \\\\ \\N \\_ \\U0001F600\"\n",
  "a: [x, 'y', \"z\", 1, true, ~]\nb: []\nc: {}\nd:\n  {}\ne:\n  []\n",
  "x: 1\nx: 2\nz: 3\n",
  "{}\n",
  "{}",
  "list:\n- a\n- b: 1\n  c: 2\nother: 1\n",
  "list:\n- a\n-   b: 1\n    c:\n    - d\n-\n  e: f\n- # comment\n  g\n",
  "a: 0x1F\nb: 017\nc: 1e3\nd: yes\ne: 2024-01-02\nf: 9223372036854775807\ng: -0\nh: -0.0\ni: .5\n",
  "key with spaces: v\n\"quoted key\": 1\n'single key': 2\nurl: http://x:80/y#z\nk: a#b\nm: a # comment\n",
  "a: b: c\n",
  "a: 1\n b: 2\n",
  "a: 'unclosed\n",
  "a: \"\\/ is YAML 1.2 only\"\n",
];

/** Inputs it must leave to the full loader (anchors, tags, folded scalars, odd keys, documents, tabs, errors). */
const FULL_INPUTS = [
  "a: &x 1\nb: *x\n",
  "a: !!str 5\n",
  "a: >\n  folded\n",
  "a: |+\n  keep\n",
  "a: |2\n    indented\n",
  "1: a\n",
  "true: a\n",
  "<<: {a: 1}\n",
  "? complex\n: v\n",
  "---\na: 1\n",
  "a: 1\n---\nb: 2\n",
  "\ta: 1\n",
  "a:\tb\n",
  "  a: 1\n",
  "just a scalar\n",
  "a: [1, [2]]\n",
  "a: {b: 1}\n",
  "a: b: c\n",
  "a: 1\n b: 2\n",
  "a: 'unclosed\n",
  "a: \"x\\\n  y\"\n",
  "a: .inf\n",
  "a: \"\\ud800\"\n",
  "a: 1\r\nb: 2\r\n",
];

describe("the fast YAML path", () => {
  it("answers the fast-path inputs as go-yaml does (helm's fromYaml)", async () => {
    const answered = FAST_INPUTS.filter((t) => fastLoadYaml(t) !== undefined);
    // The four last inputs are errors: the fast path must leave them to the full loader and its messages.
    expect(answered).toEqual(FAST_INPUTS.slice(0, -4));
    const files = Object.fromEntries(FAST_INPUTS.map((t, i) => [`files/c${i}.yaml`, t]));
    const helm = await renderWithHelm(
      FAST_INPUTS.map((_, i) => `fromYaml (.Files.Get "files/c${i}.yaml") | toJson`),
      { files },
    );
    const ours = FAST_INPUTS.map((t) => {
      try {
        return marshalJson(loadYaml(t) ?? new GoMap());
      } catch (e) {
        if (e instanceof YamlError) return marshalJson(new GoMap([["Error", e.message]]));
        throw e;
      }
    });
    // toJson prints a fromYaml list input as the error go-yaml gives for a non-map: compare the maps only.
    const mapsOnly = (xs: string[]) => xs.map((x, i) => (FAST_INPUTS[i].startsWith("- ") ? "list" : x));
    expect(mapsOnly(ours)).toEqual(mapsOnly(helm));
  });

  it("leaves what it does not cover to the full loader", () => {
    expect(FULL_INPUTS.filter((t) => fastLoadYaml(t) !== undefined)).toEqual([]);
  });

  it("gives the full loader's values on the corpus documents and values files, and on mutations of them", () => {
    const corpus = path.resolve("../shared/corpus");
    if (!existsSync(corpus)) return;
    const texts: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const file = path.join(dir, entry);
        if (statSync(file).isDirectory()) {
          if (entry !== "templates") walk(file);
        } else if (/\.ya?ml$/.test(entry)) {
          const text = readFileSync(file, "utf8");
          if (file.includes(`${path.sep}golden${path.sep}`)) texts.push(...splitManifests(text));
          else texts.push(text);
        }
      }
    };
    walk(corpus);
    const r = rng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const inserts = [" ", "\t", ":", "- ", "#", "'", '"', "|", ">", "&a ", "*a", "!!str ", "[", "]", "{", "}", ",", "\\", "? ", "---", "|-", "~", "0x1", "yes", "<<: "];
    const mutate = (text: string) => {
      const lines = text.split("\n");
      const i = Math.floor(r() * lines.length);
      const at = Math.floor(r() * (lines[i].length + 1));
      const edits = [
        () => (lines[i] = " " + lines[i]),
        () => (lines[i] = lines[i].slice(1)),
        () => (lines[i] = lines[i].slice(0, at) + pick(inserts) + lines[i].slice(at)),
        () => lines.splice(i, 1),
        () => lines.splice(i, 0, " ".repeat(Math.floor(r() * 8)) + pick(inserts)),
      ];
      pick(edits)();
      return lines.join("\n");
    };
    let answered = 0;
    const mismatches: string[] = [];
    const check = (text: string) => {
      const fast = fastLoadYaml(text);
      if (fast === undefined) return;
      answered++;
      let full: string;
      try {
        full = canonical(loadYamlFull(text));
      } catch (e) {
        full = `error: ${(e as Error).message}`;
      }
      if (canonical(fast) !== full) mismatches.push(`${JSON.stringify(text.slice(0, 300))}\n  fast: ${canonical(fast).slice(0, 200)}\n  full: ${full.slice(0, 200)}`);
    };
    texts.forEach((text, i) => {
      // loadYaml hands the fast path the first document only.
      if (text.startsWith("---") || text.includes("\n---")) return;
      check(text);
      if (i % 3 === 0) check(mutate(text));
    });
    expect(mismatches.slice(0, 5).join("\n")).toBe("");
    // It should cover nearly all of the corpus: most of the speed comes from here.
    expect(answered).toBeGreaterThan(texts.length * 0.9);
  });
});
