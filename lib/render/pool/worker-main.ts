/**
 * The inside of a render worker process: one job at a time, the chart rebuilt from its loaded files, rendered (and
 * planned) with the template engine's own limits, the result or the error sent back over IPC. The pool around it
 * enforces what the engine cannot: a hard wall-clock deadline and a memory cap.
 */
import { buildChart, checkRootApiVersion } from "@/lib/chart/load-chart";
import { DEFAULT_LOAD_LIMITS, LoadBudget } from "@/lib/chart/limits";
import type { Chart, ChartFile } from "@/lib/chart/types";
import { withChartValues } from "@/lib/chart/values-file";
import { liveClusterRender } from "../live-cluster";
import { nodeFuncContext } from "../node-func-context";
import { planChart } from "../plan-chart";
import { DEFAULT_RENDER_TIMEOUT_MS, renderChart, type RenderedChart } from "../render-chart";
import { serializeError, type PooledRender, type RenderJob, type WorkerReply, type WorkerRequest } from "./protocol";

/** The chart exactly as it was loaded: the files are already normalised, filtered and within the load limits. */
async function rebuildChart(files: ChartFile[]): Promise<Chart> {
  const chart = await buildChart(files, { budget: new LoadBudget({ ...DEFAULT_LOAD_LIMITS }), depth: 0, origin: "chart" });
  checkRootApiVersion(chart);
  return chart;
}

function pooled(rendered: RenderedChart): PooledRender {
  return { files: rendered.files, sorted: rendered.sorted, output: rendered.output, namespace: rendered.prepared.release.Namespace };
}

export async function runJob(job: RenderJob): Promise<Extract<WorkerReply, { type: "done" }>> {
  const { chartValues, cluster, ...rest } = job.options;
  // The deadline starts with the job: lookups get what is left of it.
  const live = cluster ? liveClusterRender(cluster, rest.limits?.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS) : undefined;
  try {
    const loaded = await rebuildChart(job.files);
    const chart = withChartValues(loaded, chartValues);
    const options = { ...rest, funcContext: nodeFuncContext, ...(live && { capabilities: live.capabilities, lookup: live.lookup }) };
    if (job.plan) {
      const { rendered, documents, plan, lint } = planChart(chart, options, job.plan);
      return { type: "done", id: 0, render: pooled(rendered), plan: { documents, plan, lint } };
    }
    return { type: "done", id: 0, render: pooled(renderChart(chart, options)) };
  } finally {
    live?.close();
  }
}

function post(reply: WorkerReply): void {
  process.send!(reply);
}

if (process.send) {
  process.on("message", (request: WorkerRequest) => {
    runJob(request.job).then(
      (reply) => post({ ...reply, id: request.id }),
      (err: unknown) => post({ type: "failed", id: request.id, error: serializeError(err) }),
    );
  });
  // The pool is gone (its process ended or closed the channel): so is this worker.
  process.on("disconnect", () => process.exit(0));
  post({ type: "ready" });
}
