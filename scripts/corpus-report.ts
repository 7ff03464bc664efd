/**
 * Renders every case of the ../shared/corpus with Hookline and prints which ones match helm's golden output.
 * A development aid (the conformance test asserts the same thing): `npx tsx scripts/corpus-report.ts [filter]`.
 */
import { compareWithGolden, corpusCases, renderCase } from "@/test/conformance/corpus/corpus-cases";

const filter = process.argv[2] ?? "";
let identical = 0;
const cases = corpusCases().filter((c) => `${c.chart}/${c.case}`.includes(filter));
for (const c of cases) {
  const started = performance.now();
  const result = await renderCase(c);
  const ms = Math.round(performance.now() - started);
  let ok: boolean;
  let detail = "";
  if (c.exitCode !== 0) {
    ok = result.exitCode === c.exitCode && result.stderr === c.stderr;
    if (!ok) detail = `\n  helm:     ${c.stderr.trim().slice(0, 400)}\n  hookline: ${result.stderr.trim().slice(0, 400)}`;
  } else if (result.exitCode !== 0) {
    ok = false;
    detail = `\n  hookline failed: ${result.stderr.trim().slice(0, 600)}`;
  } else {
    const cmp = compareWithGolden(c, result.stdout);
    ok = cmp.identical;
    if (!ok) detail = `\n  ${cmp.firstDifference}`;
  }
  if (ok) identical++;
  console.log(`${ok ? "ok  " : "DIFF"} ${c.chart}/${c.case} (${ms} ms)${detail}`);
}
console.log(`${identical}/${cases.length} identical`);
