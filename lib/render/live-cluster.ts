/**
 * A render that sees the live cluster, as helm 4's install and upgrade render: `.Capabilities` from the cluster's
 * discovery and a `lookup` that queries it, every lookup bounded by the render's deadline. The same function serves
 * the CLI (in process) and the render pool's worker processes (the TemplateCluster travels with the job). Node-only.
 */
import type { CapabilityOptions } from "@/lib/chart/capabilities";
import { templateLookup } from "@/lib/kube/template-lookup";
import type { TemplateCluster } from "@/lib/kube/template-cluster";
import type { LookupFunction } from "@/lib/template";
import { GoInt, GoMap, type GoValue } from "@/lib/template/value";

/** JSON as client-go's unstructured decoding gives it to templates: whole numbers int64, others float64. */
function unstructured(value: unknown): GoValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) ? new GoInt(value, "int64") : value;
  if (Array.isArray(value)) return value.map(unstructured);
  const out = new GoMap();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.set(k, unstructured(v));
  return out;
}

export interface LiveClusterRender {
  capabilities: CapabilityOptions;
  lookup: LookupFunction;
  /** Frees the lookup's request thread; call when the render is over. */
  close(): void;
}

/** Render options for `cluster`; lookups made later than `timeoutMs` from now fail. */
export function liveClusterRender(cluster: TemplateCluster, timeoutMs: number): LiveClusterRender {
  const lookups = templateLookup(cluster, { deadline: Date.now() + timeoutMs });
  return {
    capabilities: { cluster: { kubeVersion: cluster.capabilities.kubeVersion, apiVersions: cluster.capabilities.apiVersions } },
    lookup: (apiVersion, kind, namespace, name) => unstructured(lookups.lookup(apiVersion, kind, namespace, name)) as GoMap,
    close: () => lookups.close(),
  };
}
