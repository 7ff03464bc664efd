/**
 * Which cluster Hookline talks to, and whether its API answers: the user's kubeconfig when KUBECONFIG is set,
 * otherwise the embedded sandbox whose kubeconfig `npm start` writes under the data directory.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { KubeConfig, VersionApi } from "@kubernetes/client-node";
import { dataDir, type Env } from "@/lib/db/config";
import type { ClusterProbe } from "./check";

export function sandboxKubeconfigPath(env: Env = process.env): string {
  return path.join(dataDir(env), "sandbox", "kubeconfig");
}

export function clusterProbe(env: Env = process.env): ClusterProbe {
  return async () => {
    const userConfig = env.KUBECONFIG?.trim();
    const mode = userConfig ? "kubeconfig" : "sandbox";
    const file = userConfig || sandboxKubeconfigPath(env);
    if (!userConfig && !existsSync(/*turbopackIgnore: true*/ file)) return { mode: "none", status: "not-configured" };
    const kc = new KubeConfig();
    kc.loadFromFile(/*turbopackIgnore: true*/ file.split(path.delimiter)[0]);
    const server = kc.getCurrentCluster()?.server;
    try {
      await kc.makeApiClient(VersionApi).getCode();
      return { mode, status: "ok", server };
    } catch (err) {
      return { mode, status: "unreachable", server, error: err instanceof Error ? err.message : String(err) };
    }
  };
}
