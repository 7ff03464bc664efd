/**
 * The embedded sandbox cluster for `npm start`: started in this process when no KUBECONFIG is configured, with its
 * state and kubeconfig under HOOKLINE_DATA_DIR/sandbox so that a restart keeps the cluster's objects.
 */
import { dataDir, type Env } from "@/lib/db/config";
import { sandboxKubeconfigPath } from "@/lib/health/cluster-probe";

export interface EmbeddedCluster {
  url: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export async function startEmbeddedCluster(env: Env): Promise<EmbeddedCluster | undefined> {
  void dataDir(env);
  void sandboxKubeconfigPath(env);
  // The sandbox cluster (lib/sandbox) is wired in here once it lands; until then Hookline starts without a cluster.
  return undefined;
}
