/**
 * The catalog of resource types the sandbox serves: built-in kinds that common charts use, plus the kinds that
 * CustomResourceDefinitions add at run time. Discovery, OpenAPI, routing and storage all read this one table.
 */

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural used in URLs, e.g. "deployments". */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Sub-resources served under `<plural>/<name>/<sub>`. */
  subresources: string[];
  /** Verbs advertised in discovery. */
  verbs: string[];
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

interface BuiltinSpec {
  kind: string;
  plural?: string;
  namespaced?: boolean;
  shortNames?: string[];
  all?: boolean;
  subresources?: string[];
}

function builtins(group: string, version: string, specs: BuiltinSpec[]): ResourceType[] {
  return specs.map((spec) => ({
    group,
    version,
    kind: spec.kind,
    plural: spec.plural ?? `${spec.kind.toLowerCase()}s`,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced ?? true,
    shortNames: spec.shortNames ?? [],
    categories: spec.all ? ["all"] : [],
    subresources: spec.subresources ?? [],
    verbs: ALL_VERBS,
  }));
}

export const BUILTIN_TYPES: readonly ResourceType[] = [
  ...builtins("", "v1", [
    { kind: "Namespace", namespaced: false, shortNames: ["ns"], subresources: ["status"] },
    { kind: "ConfigMap", shortNames: ["cm"] },
    { kind: "Secret" },
    { kind: "Service", shortNames: ["svc"], all: true, subresources: ["status"] },
    { kind: "ServiceAccount", shortNames: ["sa"] },
    { kind: "Pod", shortNames: ["po"], all: true, subresources: ["status", "log"] },
    { kind: "PersistentVolumeClaim", shortNames: ["pvc"], subresources: ["status"] },
    { kind: "PersistentVolume", namespaced: false, shortNames: ["pv"], subresources: ["status"] },
    { kind: "Endpoints", plural: "endpoints", shortNames: ["ep"] },
    { kind: "Event", shortNames: ["ev"] },
    { kind: "Node", namespaced: false, shortNames: ["no"], subresources: ["status"] },
    { kind: "LimitRange", shortNames: ["limits"] },
    { kind: "ResourceQuota", shortNames: ["quota"], subresources: ["status"] },
  ]),
  ...builtins("apps", "v1", [
    { kind: "Deployment", shortNames: ["deploy"], all: true, subresources: ["status", "scale"] },
    { kind: "ReplicaSet", shortNames: ["rs"], all: true, subresources: ["status", "scale"] },
    { kind: "StatefulSet", shortNames: ["sts"], all: true, subresources: ["status", "scale"] },
    { kind: "DaemonSet", shortNames: ["ds"], all: true, subresources: ["status"] },
    { kind: "ControllerRevision" },
  ]),
  ...builtins("batch", "v1", [
    { kind: "Job", all: true, subresources: ["status"] },
    { kind: "CronJob", shortNames: ["cj"], all: true, subresources: ["status"] },
  ]),
  ...builtins("networking.k8s.io", "v1", [
    { kind: "Ingress", plural: "ingresses", shortNames: ["ing"], subresources: ["status"] },
    { kind: "NetworkPolicy", plural: "networkpolicies", shortNames: ["netpol"] },
    { kind: "IngressClass", plural: "ingressclasses", namespaced: false },
  ]),
  ...builtins("rbac.authorization.k8s.io", "v1", [
    { kind: "Role" },
    { kind: "RoleBinding" },
    { kind: "ClusterRole", namespaced: false },
    { kind: "ClusterRoleBinding", namespaced: false },
  ]),
  ...builtins("policy", "v1", [
    { kind: "PodDisruptionBudget", shortNames: ["pdb"], subresources: ["status"] },
  ]),
  ...builtins("autoscaling", "v2", [
    { kind: "HorizontalPodAutoscaler", shortNames: ["hpa"], all: true, subresources: ["status"] },
  ]),
  ...builtins("coordination.k8s.io", "v1", [{ kind: "Lease" }]),
  ...builtins("storage.k8s.io", "v1", [{ kind: "StorageClass", plural: "storageclasses", namespaced: false, shortNames: ["sc"] }]),
  ...builtins("scheduling.k8s.io", "v1", [{ kind: "PriorityClass", plural: "priorityclasses", namespaced: false, shortNames: ["pc"] }]),
  ...builtins("apiextensions.k8s.io", "v1", [
    { kind: "CustomResourceDefinition", namespaced: false, shortNames: ["crd", "crds"], subresources: ["status"] },
  ]),
];

export function apiVersionOf(type: Pick<ResourceType, "group" | "version">): string {
  return type.group === "" ? type.version : `${type.group}/${type.version}`;
}

/** Splits "apps/v1" into group and version; "v1" is the core group. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The "plural.group" form Kubernetes uses in error messages, e.g. `deployments.apps`. */
export function qualifiedResource(type: ResourceType): string {
  return type.group === "" ? type.plural : `${type.plural}.${type.group}`;
}

/** A stable key identifying a type's storage, independent of the version used to reach it. */
export function typeKey(type: Pick<ResourceType, "group" | "plural">): string {
  return `${type.group}/${type.plural}`;
}
