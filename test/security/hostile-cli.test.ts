/**
 * `hookline template` of a hostile chart exits 1 with the error, as helm prints errors ("Error: …"), instead of
 * hanging or crashing. The CLI renders in its own process, so the guards are the template engine's limits, its memory
 * limit among them: memory grown across many calls, and huge single allocations that used to end the CLI in V8's fatal
 * out-of-memory abort. The render pool's own guards are covered by test/render/render-pool.test.ts and
 * test/browser/hostile-render.test.ts.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFUSED_CHARTS, HOSTILE_CHARTS, hostileChartFiles, type HostileChart } from "@/test/helpers/hostile-charts";

interface CliResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function template(chartDir: string): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(path.resolve("bin/hookline"), ["template", "rel", chartDir], { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number; signal?: string }) | null;
      resolve({ code: e ? (typeof e.code === "number" ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr, ms: Date.now() - started });
    });
  });
}

let dir = "";

async function writeChart(chart: HostileChart): Promise<string> {
  const root = path.join(dir, chart.id);
  for (const [name, content] of Object.entries(hostileChartFiles(chart))) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hookline-hostile-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("hookline template of hostile charts", () => {
  const charts = HOSTILE_CHARTS.filter((c) => c.stops === "engine");

  it("covers the engine-stopped hostile charts", () => {
    expect(charts.length).toBeGreaterThanOrEqual(15);
    for (const id of ["memory-hog", "split-hog", "split-runes", "concat-split", "deep-copies", "append-growth"]) expect(charts.map((c) => c.id)).toContain(id);
  });

  it.concurrent.each(charts.map((c) => [c.what, c] as const))("%s: exits 1 with the error", async (_what, chart) => {
    const result = await template(await writeChart(chart));
    expect(result.signal, result.stderr.slice(0, 500)).toBeNull();
    expect(result.code, result.stderr.slice(0, 500)).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Error: /);
    const message = result.stderr.replace(/^Error: /, "").replace(/\n\nUse --debug flag to render out invalid YAML\n$/, "");
    expect(message).toMatch(chart.error);
    expect(result.ms).toBeLessThan(20_000);
  });

  it.concurrent.each(DEFUSED_CHARTS.map((c) => [c.what, c] as const))("%s: answered at once", async (_what, chart) => {
    const result = await template(await writeChart(chart));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(chart.answer);
    expect(result.ms).toBeLessThan(20_000);
  });
});
