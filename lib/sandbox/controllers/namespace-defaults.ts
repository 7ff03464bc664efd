/**
 * What every namespace of a real cluster holds as soon as it exists: the `default` ServiceAccount (Pods run as it
 * unless told otherwise) and the `kube-root-ca.crt` ConfigMap. Recreated if deleted, as their controllers do.
 */
import type { Cluster } from "../api/cluster";
import { CONTROLLER, coreType } from "./owned-objects";

type Json = Record<string, unknown>;

/** A placeholder: the sandbox speaks plain HTTP and has no certificate authority. */
const ROOT_CA_PLACEHOLDER = "# hookline sandbox: plain HTTP, no cluster certificate authority\n";

export function ensureNamespaceDefaults(cluster: Cluster, namespace: string): void {
  const ns = cluster.find(coreType(cluster, "", "Namespace"), "", namespace);
  if (!ns || (ns.metadata as Json).deletionTimestamp) return;
  const wanted: Array<[ReturnType<typeof coreType>, Json]> = [
    [coreType(cluster, "", "ServiceAccount"), { metadata: { name: "default" } }],
    [coreType(cluster, "", "ConfigMap"), { metadata: { name: "kube-root-ca.crt", annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc." } }, data: { "ca.crt": ROOT_CA_PLACEHOLDER } }],
  ];
  for (const [type, object] of wanted) {
    if (cluster.find(type, namespace, String((object.metadata as Json).name))) continue;
    try {
      cluster.create(type, namespace, object, CONTROLLER);
    } catch {
      // The namespace started terminating meanwhile.
    }
  }
}
