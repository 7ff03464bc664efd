/**
 * The render pool: worker renders equal in-process renders; the engine's errors come back with helm's text; the pool's
 * own limits (hard deadline, memory cap, queue bound) end a job with a clear error, and the pool replaces the worker
 * and keeps serving.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadChartFromFileMap } from "@/lib/chart";
import { loadChartDirectory } from "@/lib/chart/node";
import type { Chart } from "@/lib/chart/types";
import { parseValuesFile } from "@/lib/chart/values-file";
import { nodeFuncContext } from "@/lib/render/node-func-context";
import { planChart } from "@/lib/render/plan-chart";
import { RenderPool, RenderPoolError } from "@/lib/render/pool/render-pool";
import { renderChart, RenderFailure } from "@/lib/render/render-chart";
import { CORPUS_DIR, corpusPresent } from "../chart/helpers";

const CHART_YAML = "apiVersion: v2\nname: pooled\nversion: 0.1.0\n";
const pools: RenderPool[] = [];

function pool(options: ConstructorParameters<typeof RenderPool>[0]): RenderPool {
  const p = new RenderPool(options);
  pools.push(p);
  return p;
}

function chartOf(template: string): Promise<Chart> {
  return loadChartFromFileMap({ "Chart.yaml": CHART_YAML, "templates/t.yaml": template });
}

const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  rev: {{ .Release.Revision | quote }}\n";

/**
 * One call that runs far past the deadline: the engine checks its deadline right after an expensive call, so only the
 * pool can stop a render inside one (adler32sum of 30 MB, computed in JavaScript, takes a third of a second or more;
 * the sha sums are OpenSSL's in the worker and too quick for this).
 */
const HEAVY_BUILTINS = '{{ $s := repeat 30000000 "x" }}{{ range until 60 }}{{ $_ := adler32sum $s }}{{ end }}';

/** Fifty lists of a million numbers, each within the list limit, kept in a dict: gigabytes if nothing stops it. */
const MEMORY_HOG = '{{ $d := dict }}{{ range $i := until 50 }}{{ $_ := set $d (toString $i) (until 1000000) }}{{ end }}{{ len $d }}';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the render to fail");
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe("the render pool", () => {
  it("renders and plans a chart exactly as renderChart and planChart do in-process", async () => {
    const chart = await loadChartFromFileMap({
      "Chart.yaml": CHART_YAML,
      "values.yaml": "hook: pre-upgrade\n",
      "templates/cm.yaml": CONFIG_MAP,
      "templates/job.yaml":
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    "helm.sh/hook": {{ .Values.hook }}\n    "helm.sh/hook-weight": "-5"\nspec: {}\n',
    });
    const options = { release: { name: "web", namespace: "prod", revision: 3, isUpgrade: true }, values: { setString: ["hook=pre-upgrade"] } };
    const p = pool({ workers: 1 });
    const { render, plan } = await p.run({ files: chart.raw, options, plan: {} });
    const local = planChart(chart, { ...options, funcContext: nodeFuncContext });
    expect(render.output).toBe(local.rendered.output);
    expect(render.files).toEqual(local.rendered.files);
    expect(render.sorted).toEqual(local.rendered.sorted);
    expect(render.namespace).toBe("prod");
    expect(plan!.plan).toEqual(local.plan);
    expect(plan!.lint).toEqual(local.lint);
    expect(plan!.plan.events["pre-upgrade"].map((h) => h.name)).toEqual(["migrate"]);
  });

  it("replaces a worker after a failed render, so the next job never inherits a hostile chart's heap", async () => {
    const p = pool({ workers: 1 });
    const good = await chartOf(CONFIG_MAP);
    const options = { release: { name: "web", namespace: "prod" } };
    await p.run({ files: good.raw, options });
    expect(p.workersStarted).toBe(1);
    const bad = await chartOf('{{ fail "boom" }}');
    expect((await failure(p.run({ files: bad.raw, options }))).message).toContain("boom");
    const { render } = await p.run({ files: good.raw, options });
    expect(render.output).toContain("name: web");
    expect(p.workersStarted).toBe(2);
    await p.run({ files: good.raw, options });
    expect(p.workersStarted).toBe(2);
  });

  it("renders over replacement chart values (an upgrade with --reuse-values) as in-process", async () => {
    const chart = await loadChartFromFileMap({ "Chart.yaml": CHART_YAML, "values.yaml": "color: blue\nsize: 1\n", "templates/cm.yaml": "color: {{ .Values.color }}\nsize: {{ .Values.size }}\n" });
    const chartValues = { color: "green", size: 7 };
    const options = { release: { name: "web", namespace: "prod" } };
    const { render } = await pool({ workers: 1 }).run({ files: chart.raw, options: { ...options, chartValues } });
    expect(render.output).toContain("color: green\nsize: 7");
    const replaced = { ...chart, values: parseValuesFile(JSON.stringify(chartValues), "values.yaml") };
    expect(render.output).toBe(renderChart(replaced, { ...options, funcContext: nodeFuncContext }).output);
  });

  it.skipIf(!corpusPresent)("renders corpus charts with subcharts byte for byte as in-process", async () => {
    const p = pool({ workers: 2 });
    for (const dir of ["prometheus-community__prometheus", "grafana__rollout-operator"]) {
      const chart = await loadChartDirectory(path.join(CORPUS_DIR, "charts", dir));
      const options = { release: { name: "rel", namespace: "ns1" } };
      const { render } = await p.run({ files: chart.raw, options });
      expect(render.output, dir).toBe(renderChart(chart, { ...options, funcContext: nodeFuncContext }).output);
      expect(render.output.length, dir).toBeGreaterThan(1000);
    }
  });

  it("returns the engine's error as a RenderFailure with helm's text and the template's position", async () => {
    const p = pool({ workers: 1 });
    const err = await failure(p.run({ files: (await chartOf("a: {{ .Values.x.y }}\n")).raw, options: { release: { name: "r" } } }));
    expect(err).toBeInstanceOf(RenderFailure);
    expect(err.message).toMatch(/^pooled\/templates\/t\.yaml:1:13\n/);
    expect(err.message).toContain("nil pointer evaluating interface {}.y");
    expect((err as RenderFailure).stage).toBe("render");
    expect((err as RenderFailure).cause.name).toBe("RenderError");
  });

  it("kills a worker that overruns the hard deadline inside builtins, and replaces it", async () => {
    const p = pool({ workers: 1, graceMs: 100 });
    const started = Date.now();
    const err = await failure(p.run({ files: (await chartOf(HEAVY_BUILTINS)).raw, options: { release: { name: "r" }, limits: { timeoutMs: 100 } } }));
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(RenderPoolError);
    expect((err as RenderPoolError).limit).toBe("deadline");
    expect(err.message).toBe("rendering took longer than the limit of 100 ms (the render worker was stopped after 200 ms)");
    expect(elapsed).toBeLessThan(3_000);
    // The replacement serves the next job.
    const { render } = await p.run({ files: (await chartOf(CONFIG_MAP)).raw, options: { release: { name: "after" } } });
    expect(render.output).toContain("name: after");
    expect(p.size).toBe(1);
  });

  it("ends a render that outgrows the worker's memory cap with a memory error, and keeps serving", async () => {
    const p = pool({ workers: 1, memoryMb: 96 });
    const err = await failure(p.run({ files: (await chartOf(MEMORY_HOG)).raw, options: { release: { name: "r" }, limits: { timeoutMs: 20_000 } } }));
    expect(err).toBeInstanceOf(RenderPoolError);
    expect((err as RenderPoolError).limit).toBe("memory");
    expect(err.message).toBe("rendering needed more memory than the limit of 96 MB");
    const { render } = await p.run({ files: (await chartOf(CONFIG_MAP)).raw, options: { release: { name: "after" } } });
    expect(render.output).toContain("name: after");
  });

  it("survives huge single allocations past the cap (which abort the whole process from a worker thread)", async () => {
    const p = pool({ workers: 1, memoryMb: 96 });
    const template = '{{ $d := dict }}{{ range $i := until 10 }}{{ $_ := set $d (toString $i) (repeat 32000000 "a," | splitList ",") }}{{ end }}{{ len $d }}';
    // The engine's memory limit would refuse the split up front: raised here so that the worker's heap cap is what ends it.
    const limits = { timeoutMs: 20_000, maxAllocBytes: 16 * 1024 ** 3 };
    const err = await failure(p.run({ files: (await chartOf(template)).raw, options: { release: { name: "r" }, limits } }));
    expect((err as RenderPoolError).limit, err.message).toBe("memory");
    const { render } = await p.run({ files: (await chartOf(CONFIG_MAP)).raw, options: { release: { name: "after" } } });
    expect(render.output).toContain("name: after");
  });

  it("refuses jobs beyond the queue bound at once, and runs the queued ones in order", async () => {
    const p = pool({ workers: 1, maxQueue: 1, graceMs: 200 });
    const slow = await chartOf(HEAVY_BUILTINS);
    const normal = await chartOf(CONFIG_MAP);
    // A started, idle worker takes the first job at once; the second waits in the queue.
    await p.run({ files: normal.raw, options: { release: { name: "warm-up" } } });
    const first = p.run({ files: slow.raw, options: { release: { name: "r" }, limits: { timeoutMs: 100 } } });
    const second = p.run({ files: normal.raw, options: { release: { name: "second" } } });
    const started = Date.now();
    const third = await failure(p.run({ files: normal.raw, options: { release: { name: "third" } } }));
    expect(Date.now() - started).toBeLessThan(100);
    expect(third).toBeInstanceOf(RenderPoolError);
    expect((third as RenderPoolError).limit).toBe("queue");
    expect(third.message).toBe("too many renders are waiting (limit 1); try again shortly");
    expect(((await failure(first)) as RenderPoolError).limit).toBe("deadline");
    expect((await second).render.output).toContain("name: second");
  });

  it("fails clearly when the worker cannot start", async () => {
    const broken = pool({ workers: 1, entry: path.join(process.cwd(), "lib", "render", "pool", "no-such-worker.mjs") });
    const err = await failure(broken.run({ files: (await chartOf(CONFIG_MAP)).raw, options: { release: { name: "r" } } }));
    expect(err).toBeInstanceOf(RenderPoolError);
    expect(err.message).toMatch(/^the render worker could not start: /);
  });
});
