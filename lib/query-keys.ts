/** TanStack Query keys, one factory per domain, so mutations and live updates invalidate exactly what they change. */
export const operationKeys = {
  all: ["operations"] as const,
  detail: (id: string) => ["operations", id] as const,
  events: (id: string) => ["operations", id, "events"] as const,
  /** A hook's objects as the cluster has them now (Job conditions, Pod phases), for the hook details. */
  hookState: (id: string, hookKey: string) => ["operations", id, "hooks", hookKey, "state"] as const,
};

export const releaseKeys = {
  all: ["releases"] as const,
  list: (context: string, namespace: string) => ["releases", context, namespace] as const,
  detail: (context: string, namespace: string, name: string) => ["releases", context, namespace, name] as const,
  /** What an upgrade with these values would change (values and manifest diffs). */
  upgradePreview: (context: string, namespace: string, name: string, valuesYaml: string) => ["releases", context, namespace, name, "upgrade-preview", valuesYaml] as const,
};
