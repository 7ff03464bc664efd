/** The objects every fresh cluster has: the four system namespaces, the `kubernetes` Service and one node. */
import type { Cluster } from "./cluster";
import { timestamp } from "./object-meta";

const SEEDER = { actor: "sandbox-seed", fieldManager: "sandbox-seed" };

export function seedCluster(cluster: Cluster): void {
  const type = (group: string, kind: string) => cluster.registry.byGroupKind(group, kind)!;
  for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
    cluster.create(type("", "Namespace"), "", { metadata: { name } }, SEEDER);
  }
  cluster.create(
    type("", "Service"),
    "default",
    {
      metadata: { name: "kubernetes", labels: { component: "apiserver", provider: "kubernetes" } },
      spec: { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }], type: "ClusterIP" },
    },
    SEEDER,
  );
  const node = cluster.create(
    type("", "Node"),
    "",
    { metadata: { name: "sandbox-node", labels: { "kubernetes.io/hostname": "sandbox-node", "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "node-role.kubernetes.io/control-plane": "" } }, spec: { podCIDR: "10.244.0.0/16" } },
    SEEDER,
  );
  const now = timestamp();
  cluster.update(
    type("", "Node"),
    "",
    String((node.metadata as Record<string, unknown>).name),
    (object) => {
      object.status = {
        capacity: { cpu: "8", memory: "16Gi", pods: "250" },
        allocatable: { cpu: "8", memory: "16Gi", pods: "250" },
        conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: now, lastTransitionTime: now }],
        addresses: [{ type: "InternalIP", address: "10.0.0.10" }, { type: "Hostname", address: "sandbox-node" }],
        nodeInfo: { kubeletVersion: "v1.35.0", containerRuntimeVersion: "sandbox://1.0", operatingSystem: "linux", architecture: "amd64", osImage: "Hookline Sandbox", kernelVersion: "6.0.0" },
      };
    },
    "status",
  );
}
