/**
 * The demo release: on the first start with the sandbox cluster, Hookline installs charts/demo as release `demo` in
 * namespace `default` with its own lifecycle engine, recorded like any other operation, so a new user can try an
 * upgrade (and watch its backup hook) at once. A marker under the data directory makes this happen only once: a
 * user who uninstalls the demo does not get it back on the next start.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { recordAudit } from "@/lib/audit/record";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import type { Db } from "@/lib/db/client";
import { createKubeClient } from "@/lib/kube";
import { createOperationRecorder, hooklineRenderer, processLocks, runInstall } from "@/lib/lifecycle";
import { currentOwner } from "@/lib/lifecycle/recovery";
import { createReleaseStore } from "@/lib/release";

export const DEMO_RELEASE = { name: "demo", namespace: "default" };

export async function installDemoOnce(db: Db, options: { root: string; sandboxDir: string; kubeconfigPath: string; context: string }): Promise<string> {
  const marker = path.join(options.sandboxDir, "demo-installed");
  if (existsSync(marker)) return "already offered on an earlier start";
  const client = createKubeClient({ kubeconfigPath: options.kubeconfigPath });
  const releases = createReleaseStore({ namespace: DEMO_RELEASE.namespace, client });
  if ((await releases.history(DEMO_RELEASE.name).catch(() => [])).length > 0) {
    writeFileSync(marker, new Date().toISOString());
    return "a release named demo exists already";
  }
  const chart = await loadChartDirectory(path.join(options.root, "charts", "demo"));
  const { chart: record, render } = hooklineRenderer(chart);
  const reason = "demo release installed on first start";
  const recorder = await createOperationRecorder(db, {
    kind: "install",
    namespace: DEMO_RELEASE.namespace,
    releaseName: DEMO_RELEASE.name,
    context: options.context,
    reason,
    options: { owner: currentOwner() },
  });
  const actor = { id: null, name: "hookline" };
  const target = { context: options.context, namespace: DEMO_RELEASE.namespace, releaseName: DEMO_RELEASE.name, reason };
  try {
    const release = await runInstall(
      { kube: client, releases, sinks: [recorder], locks: processLocks },
      { releaseName: DEMO_RELEASE.name, namespace: DEMO_RELEASE.namespace, chart: record, render, timeoutMs: 120_000 },
    );
    await recorder.flush();
    await recordAudit(db, { actor, action: "install", result: "succeeded", revision: release.version, ...target, details: { operationId: recorder.operationId } });
    writeFileSync(marker, new Date().toISOString());
    return `installed revision ${release.version}`;
  } catch (err) {
    await recorder.flush();
    await recordAudit(db, { actor, action: "install", result: "failed", ...target, details: { operationId: recorder.operationId, error: String(err) } });
    throw err;
  }
}
