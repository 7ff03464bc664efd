/**
 * Where the cluster is and who we are, resolved like kubectl and helm do: an explicit kubeconfig path, else
 * KUBECONFIG (several files joined by the path delimiter, merged, first file's current-context wins), else
 * ~/.kube/config; or the in-cluster service account. An explicit context overrides the current one.
 */
import { KubeConfig } from "@kubernetes/client-node";

export interface KubeConfigOptions {
  /** Like `--kubeconfig`: this one file, ignoring KUBECONFIG. */
  kubeconfigPath?: string;
  /** Like `--kube-context`. */
  context?: string;
  /** Use the pod's service account (KUBERNETES_SERVICE_HOST and the mounted token). */
  inCluster?: boolean;
}

export interface ResolvedKubeConfig {
  kubeConfig: KubeConfig;
  server: string;
  /** The context's namespace, else "default". */
  namespace: string;
}

function withPlainHttpAllowed(kc: KubeConfig): KubeConfig {
  // client-node refuses http:// servers unless TLS verification is "skipped"; with plain HTTP there is no TLS to
  // verify, and kubectl/helm accept such servers, so mark the current cluster accordingly in a private copy.
  const cluster = kc.getCurrentCluster();
  if (!cluster || !cluster.server.startsWith("http:") || cluster.skipTLSVerify) return kc;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.getClusters().map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c)),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
  return copy;
}

export function loadKubeConfig(options: KubeConfigOptions = {}): ResolvedKubeConfig {
  const kc = new KubeConfig();
  if (options.inCluster) {
    kc.loadFromCluster();
  } else if (options.kubeconfigPath) {
    kc.loadFromFile(options.kubeconfigPath);
  } else {
    kc.loadFromDefault();
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) throw new Error(`context "${options.context}" does not exist`);
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("no cluster configured: kubeconfig has no current context with a cluster");
  const ready = withPlainHttpAllowed(kc);
  const namespace = ready.getContextObject(ready.getCurrentContext())?.namespace || "default";
  return { kubeConfig: ready, server: cluster.server.replace(/\/+$/, ""), namespace };
}
