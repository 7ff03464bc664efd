/**
 * A sandbox cluster for lifecycle tests: Hookline's Configuration pointed at it over HTTP, the real helm pointed at
 * the same cluster, and the sandbox audit log reduced to the writes that matter for comparing the two.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { createReleaseStore, type Release, parseRelease, decodeRelease } from "@/lib/release";
import { CollectingSink, type Configuration, ReleaseLocks } from "@/lib/lifecycle";
import { helmBinary } from "@/test/helpers/binaries";
import { startTestSandbox, type RunningSandbox } from "@/test/kube/helpers/sandbox";

const run = promisify(execFile);

export interface LifecycleEnv extends RunningSandbox {
  kube: KubeClient;
  /** A fresh Configuration (new release store, shared locks) with an event collector. */
  config(namespace?: string): { config: Configuration; events: CollectingSink; logs: string[] };
  helm(args: string[], values?: Record<string, unknown>, extraEnv?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Sequence number to pass to `writes`. */
  mark(): number;
  writes(since?: number): string[];
  /** Every stored revision (decoded from the release Secrets). */
  records(name: string, namespace?: string): Promise<Release[]>;
  stop(): Promise<void>;
}

export async function startLifecycleEnv(): Promise<LifecycleEnv> {
  const env = await startTestSandbox();
  const kube = createKubeClient({ kubeconfigPath: env.kubeconfigPath });
  const home = await mkdtemp(path.join(os.tmpdir(), "hookline-lc-helm-"));
  const locks = new ReleaseLocks();
  return {
    ...env,
    kube,
    config(namespace = "default") {
      const events = new CollectingSink();
      const logs: string[] = [];
      const releases = createReleaseStore({ namespace, client: kube });
      return { config: { kube, releases, sinks: [events], locks, log: (m) => logs.push(m) }, events, logs };
    },
    async helm(args, values, extraEnv = {}) {
      const full = [...args];
      if (values) {
        const file = path.join(home, `values-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
        await writeFile(file, JSON.stringify(values));
        full.push("-f", file);
      }
      try {
        const { stdout, stderr } = await run(await helmBinary(), full, {
          env: { ...process.env, KUBECONFIG: env.kubeconfigPath, HELM_CACHE_HOME: path.join(home, "cache"), HELM_CONFIG_HOME: path.join(home, "config"), HELM_DATA_HOME: path.join(home, "data"), ...extraEnv },
          maxBuffer: 32 * 1024 * 1024,
          timeout: 120_000,
        });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
      }
    },
    mark: () => env.sandbox.audit.lastSeq,
    writes(since = 0) {
      return env.sandbox.audit
        .entries({ since, clientsOnly: true })
        .filter((e) => e.code < 400 && !e.subresource)
        .map((e) => `${e.verb} ${e.kind}/${e.name}`);
    },
    async records(name, namespace = "default") {
      const list = await kube.list("v1", "Secret", { namespace, labelSelector: `owner=helm,name=${name}` });
      return list.items
        .map((item) => {
          const data = (item as { data?: Record<string, string> }).data ?? {};
          const release = decodeRelease(Buffer.from(data.release ?? "", "base64").toString());
          release.labels = item.metadata.labels ?? {};
          return release;
        })
        .sort((a, b) => a.version - b.version);
    },
    async stop() {
      await env.sandbox.stop();
      await rm(home, { recursive: true, force: true });
      await rm(path.dirname(env.kubeconfigPath), { recursive: true, force: true });
    },
  };
}

export { parseRelease };
