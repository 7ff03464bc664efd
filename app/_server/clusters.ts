/**
 * The clusters Hookline can work on, by kubeconfig context: the user's KUBECONFIG contexts when it is set, otherwise
 * the embedded sandbox (whose kubeconfig `npm start` writes under the data directory). One KubeClient per context is
 * kept for the life of the server process. Kubeconfig credentials never leave the server: pages only see names.
 */
import { existsSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { createKubeClient, type Impersonation, type KubeClient } from "@/lib/kube";
import { sandboxKubeconfigPath } from "@/lib/health/cluster-probe";

export interface ClusterContext {
  name: string;
  /** "sandbox" for the embedded cluster, "kubeconfig" for the user's. */
  kind: "sandbox" | "kubeconfig";
  isDefault: boolean;
}

function kubeconfigSource(): { kind: ClusterContext["kind"]; path: string } | undefined {
  const user = process.env.KUBECONFIG?.trim();
  if (user) return { kind: "kubeconfig", path: user };
  const sandbox = sandboxKubeconfigPath();
  return existsSync(/*turbopackIgnore: true*/ sandbox) ? { kind: "sandbox", path: sandbox } : undefined;
}

export function listContexts(): ClusterContext[] {
  const source = kubeconfigSource();
  if (!source) return [];
  const kc = new KubeConfig();
  if (source.kind === "sandbox") kc.loadFromFile(/*turbopackIgnore: true*/ source.path);
  else kc.loadFromDefault();
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({ name: c.name, kind: source.kind, isDefault: c.name === current }));
}

/** The context a request asked for, if it exists; otherwise the kubeconfig's current context. */
export function resolveContext(requested: string | undefined): ClusterContext | undefined {
  const contexts = listContexts();
  return contexts.find((c) => c.name === requested) ?? contexts.find((c) => c.isDefault) ?? contexts[0];
}

const clients = new Map<string, KubeClient>();

/**
 * The cluster client for a context. With `impersonate`, a client of its own that acts as that user (made per
 * operation, never shared); otherwise the process-wide client of the context.
 */
export function clientFor(context: ClusterContext, options: { impersonate?: Impersonation } = {}): KubeClient {
  const source = kubeconfigSource();
  if (!source) throw new Error("no cluster is configured");
  if (options.impersonate) {
    const where = source.kind === "sandbox" ? { kubeconfigPath: source.path } : {};
    return createKubeClient({ ...where, context: context.name, impersonate: options.impersonate });
  }
  const key = `${source.path}\u0000${context.name}`;
  let client = clients.get(key);
  if (!client) {
    client = createKubeClient(source.kind === "sandbox" ? { kubeconfigPath: source.path, context: context.name } : { context: context.name });
    clients.set(key, client);
  }
  return client;
}
