/**
 * What an upgrade from the release page would change, before it runs: the release's stored chart rendered with the
 * new values over the release's current values (as the upgrade will do), against the current revision's manifest
 * and hooks. Both sides are laid out like the release page's snapshots and masked, so secrets never reach the dialog.
 */
import { parse as parseYaml } from "yaml";
import { buildReleaseManifest } from "@/lib/chart/template-output";
import type { KubeClient } from "@/lib/kube";
import { maskManifest } from "@/lib/mask/secrets";
import { createReleaseStore, type Release } from "@/lib/release";
import { renderChartOffThread } from "@/lib/render/off-thread";
import { chartFromRelease } from "@/lib/render/release-chart";

export function releaseSnapshot(r: Pick<Release, "manifest" | "hooks">): string {
  const hooks = r.hooks.map((h) => `# Source: ${h.path} (hook)\n${h.manifest}`).join("\n---\n");
  return r.manifest + (hooks ? `\n---\n${hooks}` : "");
}

export interface UpgradePreview {
  revision: number;
  before: string;
  after: string;
}

export async function previewUpgrade(client: KubeClient, namespace: string, name: string, valuesYaml: string): Promise<UpgradePreview> {
  const store = createReleaseStore({ namespace, client });
  const current = await store.last(name);
  if (!current.chart) throw new Error(`release ${name} has no stored chart`);
  const parsed: unknown = valuesYaml.trim() ? parseYaml(valuesYaml) : {};
  if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) throw new Error("values must be a YAML mapping");
  const chart = await chartFromRelease(current.chart);
  const rendered = await renderChartOffThread(chart, {
    release: { name, namespace, revision: current.version + 1, isUpgrade: true },
    values: {
      valueFiles: [
        { name: "current values", content: JSON.stringify(current.config) },
        { name: "new values", content: JSON.stringify(parsed ?? {}) },
      ],
    },
    limits: { timeoutMs: 10_000 },
  });
  const manifest = buildReleaseManifest(rendered.sorted, chart, false);
  const hooks = rendered.sorted.hooks.map((h) => ({ path: h.path, manifest: h.content }));
  return {
    revision: current.version + 1,
    before: maskManifest(releaseSnapshot(current)),
    after: maskManifest(releaseSnapshot({ manifest, hooks } as unknown as Release)),
  };
}
