/**
 * Helm 4's install order of kinds (util/kind_sorter.go). Helm stores a release's hooks sorted by it, which is why
 * kind still breaks ties between hooks of equal weight and equal name.
 */
import { INSTALL_ORDER } from "@/lib/chart/kind-order";
import { compareGoStrings } from "./go-semantics";

const RANK = new Map(INSTALL_ORDER.map((kind, index) => [kind, index]));

/**
 * Comparator for a stable sort by install order: known kinds by rank, unknown kinds (custom resources) after all
 * known ones and byte-wise among themselves. Matching is exact and case-sensitive, the API group is ignored.
 */
export function compareKindsForInstall(a: string, b: string): number {
  const rankA = RANK.get(a);
  const rankB = RANK.get(b);
  if (rankA !== undefined && rankB !== undefined) return rankA - rankB;
  if (rankA !== undefined) return -1;
  if (rankB !== undefined) return 1;
  return compareGoStrings(a, b);
}

/** Kinds that live outside namespaces, so their identity ignores `metadata.namespace`. */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "PriorityClass",
  "PodSecurityPolicy",
  "StorageClass",
  "PersistentVolume",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "IngressClass",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "RuntimeClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "Node",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
