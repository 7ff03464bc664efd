/**
 * `helm template` conformance on real charts: every case of ../shared/corpus is rendered by Hookline and compared
 * with helm v4.1.4's golden stdout (or, for cases where helm fails, its stderr and exit code). Known gaps are listed
 * in known-failures.json with a reason; any other difference fails, and so does a listed case that now passes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareWithGolden, corpusAvailable, corpusCases, renderCase, type CorpusCase } from "./corpus-cases";

const knownFailures = JSON.parse(readFileSync(path.join(__dirname, "known-failures.json"), "utf8")) as Record<string, string>;

async function check(c: CorpusCase): Promise<string | null> {
  const result = await renderCase(c);
  if (c.exitCode !== 0) {
    if (result.exitCode === c.exitCode && result.stderr === c.stderr) return null;
    return `expected helm's error\n  ${c.stderr.trim().slice(0, 500)}\nbut got (exit ${result.exitCode})\n  ${(result.stderr || result.stdout).trim().slice(0, 500)}`;
  }
  if (result.exitCode !== 0) return `helm succeeded, Hookline failed: ${result.stderr.trim().slice(0, 800)}`;
  const cmp = compareWithGolden(c, result.stdout);
  return cmp.identical ? null : (cmp.firstDifference ?? "differs");
}

describe.skipIf(!corpusAvailable())("helm template corpus", () => {
  if (!corpusAvailable()) {
    it.skip("skipped: corpus not found");
    return;
  }
  const cases = corpusCases();
  let identical = 0;

  for (const c of cases) {
    const id = `${c.chart}/${c.case}`;
    it(id, { timeout: 600_000 }, async () => {
      const problem = await check(c);
      if (problem === null) identical++;
      if (id in knownFailures) {
        expect(problem, `${id} is listed in known-failures.json but now matches helm: remove it from the list`).not.toBeNull();
      } else {
        expect(problem, `${id} differs from helm`).toBeNull();
      }
    });
  }

  it("summary", () => {
    console.log(`corpus: ${identical}/${cases.length} identical (${Object.keys(knownFailures).length} known failures)`);
    for (const id of Object.keys(knownFailures)) expect(cases.some((c) => `${c.chart}/${c.case}` === id), `${id} in known-failures.json is not a corpus case`).toBe(true);
  });
});
