/**
 * The upgrade dialog's preview stores what the upgrade will store: the new values over the release's current ones,
 * merged by helm's rules (a supplied null removes the key), rendered in the render pool against the live cluster.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationPlans } from "@/app/_server/release-detail";
import { previewUpgrade } from "@/app/_server/upgrade-preview";
import { loadChartFromFileMap } from "@/lib/chart";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { hooklineRenderer, runInstall } from "@/lib/lifecycle";
import { createReleaseStore } from "@/lib/release";
import { startSandbox, type Sandbox } from "@/lib/sandbox";

describe("upgrade preview", () => {
  let sandbox: Sandbox;
  let client: KubeClient;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-preview-"));
    sandbox.writeKubeconfig(path.join(dir, "kubeconfig"));
    client = createKubeClient({ kubeconfigPath: path.join(dir, "kubeconfig") });
    const chart = await loadChartFromFileMap({
      "Chart.yaml": "apiVersion: v2\nname: preview\nversion: 0.1.0\n",
      "values.yaml": "color: blue\nsize: 1\n",
      "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: preview\ndata:\n  color: {{ .Values.color | quote }}\n  size: {{ .Values.size | quote }}\n",
      // What only a render against the live cluster sees: lookup finds the marker once it exists.
      "templates/marker.yaml":
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: preview-seen\ndata:\n  marker: {{ with lookup "v1" "ConfigMap" "default" "preview-marker" }}{{ .metadata.name | quote }}{{ else }}"none"{{ end }}\n',
      "templates/hook.yaml":
        '{{ if lookup "v1" "ConfigMap" "default" "preview-marker" }}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: preview-hook\n  annotations:\n    helm.sh/hook: pre-upgrade\n{{ end }}',
    });
    // In the render pool, as the server renders: an in-process lookup would wait on this very process's sandbox.
    const { chart: record, render } = hooklineRenderer(chart, { offThread: true });
    await runInstall({ kube: client, releases: createReleaseStore({ namespace: "default", client }) }, { releaseName: "preview", namespace: "default", chart: record, render, values: { color: "red", size: 3 } });
  });

  afterAll(async () => {
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("merges new values over the current ones as the upgrade does, a null removing the key", async () => {
    const preview = await previewUpgrade(client, "default", "preview", "size: null\n");
    expect(preview.revision).toBe(2);
    expect(preview.values.before).toBe("color: red\nsize: 3\n");
    expect(preview.values.after).toBe("color: red\n");
    // Without a user value the chart's default applies again.
    expect(preview.manifest.after).toContain('size: "1"');
    expect(preview.manifest.after).toContain('color: "red"');
    // The release itself is untouched by the preview.
    expect((await createReleaseStore({ namespace: "default", client }).last("preview")).config).toEqual({ color: "red", size: 3 });
  }, 60_000);

  it("renders against the live cluster for a caller who may upgrade (lookup sees its objects), with helm template's defaults otherwise", async () => {
    const live = { liveCluster: client };
    const before = await previewUpgrade(client, "default", "preview", "", live);
    expect(before.manifest.after).toContain('marker: "none"');
    expect(before.hooks).toEqual([]);
    const store = createReleaseStore({ namespace: "default", client });
    expect((await operationPlans(await store.last("preview"), client)).upgrade).toEqual([]);

    await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "preview-marker", namespace: "default" }, data: {} });
    const after = await previewUpgrade(client, "default", "preview", "", live);
    expect(after.manifest.after).toContain('marker: "preview-marker"');
    expect(after.hooks.map((h) => h.name)).toEqual(["preview-hook"]);
    expect((await operationPlans(await store.last("preview"), client)).upgrade.map((h) => h.name)).toEqual(["preview-hook"]);

    // A reader who may not upgrade: the same render never reads the cluster.
    const readOnly = await previewUpgrade(client, "default", "preview", "");
    expect(readOnly.manifest.after).toContain('marker: "none"');
    expect(readOnly.hooks).toEqual([]);
    expect((await operationPlans(await store.last("preview"))).upgrade).toEqual([]);
  }, 60_000);
});
