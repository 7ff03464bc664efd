/**
 * Strategic-merge metadata for built-in Kubernetes types: which lists merge element-by-element and by which key
 * (the `patchMergeKey` tags of k8s.io/api). Everything not listed here is atomic (replaced whole). Also decides
 * which objects are "typed" for client-side updates; helm uses a two-way JSON merge patch for everything else.
 */

/** Groups whose kinds client-go knows as typed objects (helm's scheme), so strategic merge applies. */
const TYPED_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "rbac.authorization.k8s.io",
  "networking.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "admissionregistration.k8s.io",
  "certificates.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
]);

export function isTypedForStrategicMerge(apiVersion: string, kind: string): boolean {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  if (group === "apiextensions.k8s.io") return kind === "CustomResourceDefinition" && apiVersion.endsWith("/v1");
  return TYPED_GROUPS.has(group);
}

/** Merge key for a list field, given the dotted path of its parent object (list indices shown as `[]`). */
export function mergeKeyFor(parentPath: string, field: string): string | undefined {
  switch (field) {
    case "containers":
    case "initContainers":
    case "ephemeralContainers":
    case "env":
    case "volumes":
    case "imagePullSecrets":
    case "resourceClaims":
    case "schedulingGates":
      return "name";
    case "volumeMounts":
      return "mountPath";
    case "volumeDevices":
      return "devicePath";
    case "hostAliases":
      return "ip";
    case "conditions":
      return "type";
    case "ownerReferences":
      return parentPath === "metadata" ? "uid" : undefined;
    case "topologySpreadConstraints":
      return "topologyKey";
    case "ports":
      // Container ports merge by containerPort; Service ports by port.
      return parentPath.endsWith("ontainers[]") ? "containerPort" : parentPath === "spec" ? "port" : undefined;
    default:
      return undefined;
  }
}
