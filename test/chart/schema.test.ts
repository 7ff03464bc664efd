/**
 * values.schema.json validation: every violation listed in helm's text. helm prints the groups of one chart in
 * Go map order (random between runs), so groups are compared as sets; their content and nesting must match.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ChartError, loadChartDirectory, prepareRender } from "@/lib/chart/node";
import { CORPUS_DIR, corpusPresent, corpusTitle, helmErrorMessage, removeTree, runHelm, writeTree } from "./helpers";

/** Splits the error text into charts, each with its top-level groups (a `- at` line plus its indented lines). */
function violationGroups(message: string): Array<{ chart: string; groups: string[] }> {
  const lines = message.split("\n").slice(1).filter((l) => l !== "");
  const charts: Array<{ chart: string; groups: string[] }> = [];
  for (const line of lines) {
    if (!line.startsWith(" ") && !line.startsWith("-")) charts.push({ chart: line, groups: [] });
    else if (line.startsWith("- ")) charts[charts.length - 1].groups.push(line);
    else {
      const groups = charts[charts.length - 1].groups;
      groups[groups.length - 1] += `\n${line}`;
    }
  }
  return charts.map((c) => ({ chart: c.chart, groups: c.groups.slice().sort() }));
}

async function ourError(dir: string, set: string[] = []): Promise<string> {
  const chart = await loadChartDirectory(dir);
  try {
    prepareRender(chart, { release: { name: "r" }, values: { set } });
  } catch (e) {
    expect(e).toBeInstanceOf(ChartError);
    return (e as Error).message;
  }
  return "";
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeTree(d);
});

const BROAD_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["req1", "req2"],
  additionalProperties: false,
  definitions: { pos: { type: "integer", minimum: 1 } },
  properties: {
    s: { type: "string" },
    i: { type: "integer" },
    e: { enum: ["a", "b", 1] },
    c: { const: "x" },
    ml: { type: "string", minLength: 3, maxLength: 4, pattern: "^z" },
    arr: { type: "array", minItems: 2, uniqueItems: true, items: { type: "string" } },
    any: { anyOf: [{ type: "string" }, { type: "number" }] },
    one: { oneOf: [{ type: "string" }, { type: "string" }] },
    none: { oneOf: [{ type: "string" }, { type: "boolean" }] },
    all: { allOf: [{ type: "string" }, { minLength: 2 }] },
    not: { not: { type: "string" } },
    mult: { multipleOf: 3 },
    ts: { type: ["string", "null"] },
    emin: { exclusiveMinimum: 3 },
    max: { maximum: 1.5 },
    obj: { type: "object", properties: { deep: { type: "boolean" } }, minProperties: 2 },
    ref: { $ref: "#/definitions/pos" },
    refs: { type: "array", maxItems: 1, items: { $ref: "#/definitions/pos" } },
    cond: { if: { type: "string" }, then: { minLength: 3 }, else: { type: "number" } },
    f: false,
    sub: {},
    global: {},
    req1: {},
  },
};

const BROAD_VALUES = [
  "s: 1",
  "i: 1.5",
  "e: c",
  "c: y",
  "ml: ab",
  "arr: [1, 1]",
  "any: true",
  "one: x",
  "none: 5",
  "all: 5",
  "not: str",
  "mult: 4",
  "ts: 1",
  "emin: 3",
  "max: 2.25",
  "obj: {deep: 1}",
  "ref: 0",
  "refs: [0, -1]",
  "cond: ab",
  "f: 1",
  "extra: 1",
  "req1: 1",
  "",
].join("\n");

describe("schema violations in helm's text", () => {
  it("lists every violation of the chart and its subchart like helm", async () => {
    const dir = await writeTree({
      "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
      "values.schema.json": JSON.stringify(BROAD_SCHEMA),
      "values.yaml": BROAD_VALUES,
      "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
      "charts/sub/values.schema.json": '{"type":"object","properties":{"x":{"type":"integer","maximum":2}}}',
      "charts/sub/values.yaml": "x: 5\n",
    });
    dirs.push(dir);
    const helm = await runHelm(["template", "r", dir]);
    expect(helm.code).toBe(1);
    const expected = helmErrorMessage(helm.stderr);
    const ours = await ourError(dir);
    expect(ours.split("\n")[0]).toBe(expected.split("\n")[0]);
    expect(violationGroups(ours)).toEqual(violationGroups(expected));
  });

  it("validates the values after --set, and passes when they conform", async () => {
    const dir = await writeTree({
      "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
      "values.schema.json": '{"type":"object","required":["port"],"properties":{"port":{"type":"integer","minimum":1}}}',
      "values.yaml": "port: 0\n",
    });
    dirs.push(dir);
    const failing = await runHelm(["template", "r", dir, "--set", "port=-1"]);
    expect(await ourError(dir, ["port=-1"])).toBe(helmErrorMessage(failing.stderr));
    const passing = await runHelm(["template", "r", dir, "--set", "port=8080"]);
    expect(passing.code).toBe(0);
    expect(await ourError(dir, ["port=8080"])).toBe("");
  });

  it.skipIf(!corpusPresent)(corpusTitle("reproduces the external-dns default case's error exactly"), async () => {
    const stderr = await readFile(path.join(CORPUS_DIR, "golden/external-dns__external-dns/default.stderr"), "utf8");
    expect(await ourError(path.join(CORPUS_DIR, "charts/external-dns__external-dns"))).toBe(helmErrorMessage(stderr));
  });
});
