/**
 * The embedded sandbox cluster for `npm start`: started in this process when no KUBECONFIG is configured, with its
 * state and kubeconfig under HOOKLINE_DATA_DIR/sandbox so that a restart keeps the cluster's objects.
 */
import path from "node:path";
import { dataDir, type Env } from "@/lib/db/config";
import { sandboxKubeconfigPath } from "@/lib/health/cluster-probe";
import { startSandbox } from "@/lib/sandbox";
import { SANDBOX_CONTEXT } from "@/lib/sandbox/kubeconfig";

export interface EmbeddedCluster {
  url: string;
  /** The kubeconfig context name of the sandbox. */
  context: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export async function startEmbeddedCluster(env: Env): Promise<EmbeddedCluster> {
  const sandbox = await startSandbox({
    dataDir: path.join(dataDir(env), "sandbox"),
    port: env.HOOKLINE_SANDBOX_PORT ? Number(env.HOOKLINE_SANDBOX_PORT) : 0,
  });
  const kubeconfigPath = sandboxKubeconfigPath(env);
  sandbox.writeKubeconfig(kubeconfigPath);
  return { url: sandbox.url, context: SANDBOX_CONTEXT, kubeconfigPath, stop: () => sandbox.stop() };
}
