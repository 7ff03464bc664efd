/**
 * What an upgrade from the release page would change, before it runs: the user-supplied values it will store (the
 * new values over the release's current ones, merged exactly as the upgrade merges them) and the release's stored
 * chart rendered with them, each against the current revision's values and manifest (hooks included). Both sides are
 * laid out like the release page's snapshots and masked, so secrets never reach the dialog. With them, the hook plan
 * those values make (values can turn hooks on and off). For a caller who may run the upgrade, the chart is rendered
 * against the live cluster as the upgrade renders it (helm 4's `.Capabilities` from discovery and a working `lookup`),
 * through that caller's own upgrade client; for anyone else with helm template's defaults and an empty `lookup`, so
 * that reading a release never reads the cluster with more rights than the reader has.
 */
import { parse as parseYaml, stringify } from "yaml";
import type { PlannedHookSummary } from "@/components/operations/OperationButtons";
import { buildHookPlan, type HookPlan } from "@/lib/hooks";
import { buildReleaseManifest } from "@/lib/chart/template-output";
import type { KubeClient } from "@/lib/kube";
import { templateClusterReader, type TemplateCluster } from "@/lib/kube/template-cluster";
import { upgradeValues } from "@/lib/lifecycle/upgrade";
import { maskManifest, maskValues } from "@/lib/mask/secrets";
import { createReleaseStore, type Release } from "@/lib/release";
import { renderChartOffThread } from "@/lib/render/off-thread";
import { chartFromRelease } from "@/lib/render/release-chart";

/** A revision's manifest followed by its hooks, each under a `# Source:` line, as one text to diff. */
export function releaseSnapshot(r: Pick<Release, "manifest" | "hooks">): string {
  const hooks = r.hooks.map((h) => `# Source: ${h.path} (hook)\n${h.manifest}`).join("\n---\n");
  return r.manifest + (hooks ? `\n---\n${hooks}` : "");
}

/** User-supplied values as the release page shows them: masked, keys sorted, YAML. */
export function valuesSnapshot(config: Record<string, unknown>): string {
  return stringify(maskValues(config), { sortMapEntries: true });
}

/** The hooks of the given events, in execution order, as the confirmation dialogs list them. */
export function planSummaries(plan: HookPlan, events: string[]): PlannedHookSummary[] {
  return events.flatMap((event) =>
    (plan.events[event as keyof HookPlan["events"]] ?? []).map((h) => ({
      event,
      kind: h.kind,
      name: h.name,
      weight: h.weight,
      deletePolicies: h.deletePolicies,
      onSuccess: h.onSuccess,
      onFailure: h.onFailure,
    })),
  );
}

export interface TextChange {
  before: string;
  after: string;
}

export interface UpgradePreview {
  /** The revision the upgrade would create. */
  revision: number;
  manifest: TextChange;
  values: TextChange;
  /** The pre- and post-upgrade hooks these values make, in execution order. */
  hooks: PlannedHookSummary[];
}

function parseNewValues(valuesYaml: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = valuesYaml.trim() ? parseYaml(valuesYaml) : {};
  } catch (err) {
    throw new Error(`values are not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("values must be a YAML mapping");
  return parsed as Record<string, unknown>;
}

/**
 * The cluster as an upgrade's render sees it, read through `client` (its credentials); undefined without a client or
 * for clients that cannot discover (in-memory fakes): the render then keeps helm template's defaults. Fails as the
 * upgrade would when the cluster cannot be asked for its version.
 */
export async function upgradeRenderCluster(client: KubeClient | undefined, timeoutMs = 10_000): Promise<TemplateCluster | undefined> {
  return client && templateClusterReader(client)?.({ deadline: Date.now() + timeoutMs });
}

export interface PreviewOptions {
  /** The client the caller's upgrade would use (its impersonation included), for a caller who may upgrade here. */
  liveCluster?: KubeClient;
}

export async function previewUpgrade(client: KubeClient, namespace: string, name: string, valuesYaml: string, options: PreviewOptions = {}): Promise<UpgradePreview> {
  const store = createReleaseStore({ namespace, client });
  const current = await store.last(name);
  if (!current.chart) throw new Error(`release ${name} has no stored chart`);
  // The same merge the upgrade makes (helm's --reset-then-reuse-values), so the preview is what will be stored.
  // upgradeValues may mark keys null in the release it is given (helm's quirk for a supplied null): give it a copy.
  const { config } = upgradeValues({ values: parseNewValues(valuesYaml), resetThenReuseValues: true }, { ...current, config: structuredClone(current.config) });
  const chart = await chartFromRelease(current.chart);
  const rendered = await renderChartOffThread(chart, {
    release: { name, namespace, revision: current.version + 1, isUpgrade: true },
    values: { valueFiles: [{ name: "values", content: JSON.stringify(config) }] },
    limits: { timeoutMs: 10_000 },
    cluster: await upgradeRenderCluster(options.liveCluster),
  });
  const manifest = buildReleaseManifest(rendered.sorted, chart, false);
  const hooks = rendered.sorted.hooks.map((h) => ({ path: h.path, manifest: h.content }));
  return {
    revision: current.version + 1,
    manifest: { before: maskManifest(releaseSnapshot(current)), after: maskManifest(releaseSnapshot({ manifest, hooks } as unknown as Release)) },
    values: { before: valuesSnapshot(current.config), after: valuesSnapshot(config) },
    hooks: planSummaries(buildHookPlan(hooks.map((h) => ({ source: h.path, text: h.manifest })), { namespace }), ["pre-upgrade", "post-upgrade"]),
  };
}
