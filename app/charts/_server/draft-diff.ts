/**
 * What upgrading a deployed release with the workspace's draft would change: the release's deployed revision
 * (manifest and hooks) against the draft rendered as that upgrade would render it, both laid out like the release
 * page's snapshots (`# Source:` per file, hooks included) and masked.
 *
 * Why the draft is rendered here and not in the browser's preview worker: an upgrade renders with the release's
 * user-supplied values (helm's reset-then-reuse), and those hold secrets. Sending them to the browser would hand a
 * viewer what the rest of the app masks. So the browser sends the draft's files (a viewer's copy is already masked),
 * the server merges the release's values, renders in the render pool (a hostile template costs a pool worker, with
 * its limits) and returns only masked text. Server-only; the caller has authorized the read.
 */
import { buildReleaseManifest } from "@/lib/chart/template-output";
import { loadChartFromFileMap } from "@/lib/chart";
import type { KubeClient } from "@/lib/kube";
import { upgradeValues } from "@/lib/lifecycle/upgrade";
import { maskManifest } from "@/lib/mask/secrets";
import { createReleaseStore, type Release } from "@/lib/release";
import { renderChartOffThread } from "@/lib/render/off-thread";
import { releaseSnapshot } from "@/app/_server/upgrade-preview";

export interface DraftDiff {
  /** The deployed revision the draft is compared with. */
  revision: number;
  chart: string;
  /** Masked snapshot of the deployed revision. */
  before: string;
  /** Masked snapshot of what the draft would deploy. */
  after: string;
}

/** The draft could not be compared: no such release, or the draft does not load or render. */
export class DraftDiffError extends Error {}

const LOAD_LIMITS = { maxChartBytes: 20 * 1024 * 1024, maxEntries: 5_000 };

export async function diffDraftAgainstRelease(client: KubeClient, namespace: string, name: string, files: Record<string, string | Uint8Array>): Promise<DraftDiff> {
  const current = await createReleaseStore({ namespace, client })
    .last(name)
    .catch(() => null);
  if (!current) throw new DraftDiffError(`No release ${name} in namespace ${namespace}.`);
  let chart;
  try {
    chart = await loadChartFromFileMap(files, { origin: "draft", limits: LOAD_LIMITS });
  } catch (err) {
    throw new DraftDiffError(`The draft does not load: ${err instanceof Error ? err.message : String(err)}`);
  }
  // No new values: the upgrade keeps what the release was given on top of the draft's defaults. upgradeValues may
  // mark keys null in the release it is given, so it gets a copy.
  const { config } = upgradeValues({ values: {}, resetThenReuseValues: true }, { ...current, config: structuredClone(current.config) });
  let rendered;
  try {
    rendered = await renderChartOffThread(chart, {
      release: { name, namespace, revision: current.version + 1, isUpgrade: true },
      values: { valueFiles: [{ name: "values", content: JSON.stringify(config) }] },
      limits: { timeoutMs: 10_000 },
    });
  } catch (err) {
    throw new DraftDiffError(`The draft does not render with the release's values: ${err instanceof Error ? err.message : String(err)}`);
  }
  const manifest = buildReleaseManifest(rendered.sorted, chart, false);
  const hooks = rendered.sorted.hooks.map((h) => ({ path: h.path, manifest: h.content }));
  const meta = current.chart?.metadata;
  return {
    revision: current.version,
    chart: meta ? `${meta.name ?? ""}-${meta.version ?? ""}` : "",
    before: maskManifest(releaseSnapshot(current)),
    after: maskManifest(releaseSnapshot({ manifest, hooks } as unknown as Release)),
  };
}
