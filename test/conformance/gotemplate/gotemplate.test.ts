/**
 * Runs the 204 Go text/template + Sprig + Helm conformance cases (verified against helm v4.1.4) through
 * renderChartTemplates and compares the rendered t.yaml, or Helm's error text, exactly.
 *
 * Gaps are listed in known-failures.json (case id → reason). The suite fails on any other failure and on a
 * listed case that now passes, so the list can only shrink.
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderChartTemplates, RenderError } from "@/lib/template";
import { sprigFunctions, helmCodecFunctions } from "@/lib/template/funcs";
import { caseChart, type ConformanceCase } from "./case-chart";

const CORPUS = path.resolve(process.cwd(), "../shared/conformance/gotemplate-cases.json");
const KNOWN_FAILURES_FILE = path.join(path.dirname(new URL(import.meta.url).pathname), "known-failures.json");

const cases: ConformanceCase[] = existsSync(CORPUS) ? JSON.parse(readFileSync(CORPUS, "utf8")) : [];
const knownFailures: Record<string, string> = JSON.parse(readFileSync(KNOWN_FAILURES_FILE, "utf8"));
const functions = { ...sprigFunctions(), ...helmCodecFunctions() };

/** What Helm would print for this case: the rendered t.yaml, or `Error: …`. */
function run(c: ConformanceCase): { output: string; error: boolean } {
  try {
    const rendered = renderChartTemplates(caseChart(c), { functions, funcContext: { timeZone: "UTC" } });
    return { output: rendered.get("c/templates/t.yaml") ?? "", error: false };
  } catch (e) {
    if (e instanceof RenderError) return { output: `Error: ${e.message}`, error: true };
    return { output: `UNEXPECTED ${(e as Error).stack ?? String(e)}`, error: true };
  }
}

function passes(c: ConformanceCase, actual: { output: string; error: boolean }): boolean {
  if (actual.error !== c.expectError) return false;
  if (c.compare === "suffix") return actual.output.endsWith(c.expected);
  return actual.output === c.expected;
}

let passed = 0;

describe.skipIf(cases.length === 0)("gotemplate conformance", () => {
  afterAll(() => {
    console.log(`${passed}/${cases.length} passed`);
  });

  for (const c of cases) {
    it(c.id, () => {
      const actual = run(c);
      const ok = passes(c, actual);
      if (ok) passed++;
      if (c.id in knownFailures) {
        expect(ok, `known failure "${c.id}" now passes: remove it from known-failures.json`).toBe(false);
        return;
      }
      if (!ok) {
        const shown = c.compare === "suffix" ? actual.output.slice(-300) : actual.output;
        expect(shown, `${c.id}: ${c.note ?? ""}`).toBe(c.expected);
      }
    });
  }
});

it.runIf(cases.length === 0)("skipped: corpus not found", () => {
  console.log("skipped: corpus not found");
});

it("known-failures.json names only existing cases", () => {
  if (cases.length === 0) return;
  const ids = new Set(cases.map((c) => c.id));
  expect(Object.keys(knownFailures).filter((id) => !ids.has(id))).toEqual([]);
});
