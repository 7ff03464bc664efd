/**
 * helm v4's kind orders for applying (InstallOrder) and deleting (UninstallOrder) resources, and the stable
 * sort by kind: known kinds by their index, unknown kinds (every custom resource) after them, byte-wise by name.
 */
export const INSTALL_ORDER: readonly string[] = Object.freeze([
  "PriorityClass",
  "Namespace",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "PodSecurityPolicy",
  "PodDisruptionBudget",
  "ServiceAccount",
  "Secret",
  "SecretList",
  "ConfigMap",
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleList",
  "ClusterRoleBinding",
  "ClusterRoleBindingList",
  "Role",
  "RoleList",
  "RoleBinding",
  "RoleBindingList",
  "Service",
  "DaemonSet",
  "Pod",
  "ReplicationController",
  "ReplicaSet",
  "Deployment",
  "HorizontalPodAutoscaler",
  "StatefulSet",
  "Job",
  "CronJob",
  "IngressClass",
  "Ingress",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
]);

/** The reverse of InstallOrder, except Service moves up to right after IngressClass. */
export const UNINSTALL_ORDER: readonly string[] = Object.freeze([
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "APIService",
  "Ingress",
  "IngressClass",
  "Service",
  "CronJob",
  "Job",
  "StatefulSet",
  "HorizontalPodAutoscaler",
  "Deployment",
  "ReplicaSet",
  "ReplicationController",
  "Pod",
  "DaemonSet",
  "RoleBindingList",
  "RoleBinding",
  "RoleList",
  "Role",
  "ClusterRoleBindingList",
  "ClusterRoleBinding",
  "ClusterRoleList",
  "ClusterRole",
  "CustomResourceDefinition",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "StorageClass",
  "ConfigMap",
  "SecretList",
  "Secret",
  "ServiceAccount",
  "PodDisruptionBudget",
  "PodSecurityPolicy",
  "LimitRange",
  "ResourceQuota",
  "NetworkPolicy",
  "Namespace",
  "PriorityClass",
]);

function byteCompare(a: string, b: string): number {
  // Kinds are compared as Go strings (bytes); for the ASCII names in use, UTF-16 order is the same.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stable sort of `items` by the kind `kindOf` returns, in the given order. */
export function sortByKind<T>(items: readonly T[], kindOf: (item: T) => string, order: readonly string[] = INSTALL_ORDER): T[] {
  const index = new Map(order.map((k, i) => [k, i]));
  // Each item's place in `order` looked up once (-1: not listed), not at every comparison.
  return items
    .map((item, position) => {
      const kind = kindOf(item);
      return { item, position, kind, rank: index.get(kind) ?? -1 };
    })
    .sort((a, b) => {
      let c: number;
      if (a.rank >= 0 && b.rank >= 0) c = a.rank - b.rank;
      else if (a.rank >= 0) c = -1;
      else if (b.rank >= 0) c = 1;
      else c = byteCompare(a.kind, b.kind);
      return c !== 0 ? c : a.position - b.position;
    })
    .map((x) => x.item);
}
