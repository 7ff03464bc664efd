/**
 * `renderChart` and `planChart` for servers: the same pipeline, run in the process-wide render pool so that a hostile
 * chart costs a worker, never the thread that answers requests. Node-only; the CLI renders in its own process.
 */
import type { Chart } from "@/lib/chart/types";
import type { HookOptions } from "@/lib/hooks";
import { renderPool } from "./pool/render-pool";
import type { PooledPlan, PooledRender, PoolRenderOptions } from "./pool/protocol";

export type { PooledPlan, PooledRender, PoolRenderOptions } from "./pool/protocol";
export { RenderPoolError } from "./pool/render-pool";

function rootFiles(chart: Chart) {
  if (chart.parent) throw new Error(`only a root chart can be rendered off-thread, not the subchart ${chart.metadata.Name}`);
  return chart.raw;
}

/** `renderChart(chart, options)` in a render worker, with its limits; functions in options are not supported. */
export async function renderChartOffThread(chart: Chart, options: PoolRenderOptions): Promise<PooledRender> {
  return (await renderPool().run({ files: rootFiles(chart), options })).render;
}

/** `planChart(chart, options, hookOptions)` in a render worker. */
export async function planChartOffThread(chart: Chart, options: PoolRenderOptions, hookOptions: HookOptions = {}): Promise<PooledPlan> {
  const { render, plan } = await renderPool().run({ files: rootFiles(chart), options, plan: hookOptions });
  return { rendered: render, ...plan! };
}
