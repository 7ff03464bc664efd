/** helm's legacy (--wait=legacy) readiness rules, spec helm-lifecycle.md 6.8 and apiserver-surface.md 4.4. */
import { describe, expect, it } from "vitest";
import { legacyReadiness, scaledValue } from "@/lib/kube/readiness-legacy";
import type { KubeObjectLike } from "@/lib/kube/readiness";

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "app:2" }] } };

function dep(extra: Record<string, unknown> = {}): KubeObjectLike {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", generation: 2, uid: "dep-uid" } as KubeObjectLike["metadata"],
    spec: { replicas: 4, template, ...extra },
    status: { observedGeneration: 2 },
  };
}

function rs(readyReplicas: number, tpl: unknown = template, owner = "dep-uid", generation = 1, observed = 1): KubeObjectLike {
  const labelled = JSON.parse(JSON.stringify(tpl));
  labelled.metadata.labels["pod-template-hash"] = "abc";
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web-abc", generation, ownerReferences: [{ uid: owner, controller: true }] } as unknown as KubeObjectLike["metadata"],
    spec: { template: labelled },
    status: { readyReplicas, observedGeneration: observed },
  };
}

describe("legacyReadiness", () => {
  it("Deployment: the new ReplicaSet must have replicas - maxUnavailable ready (default 25%, rounded down)", () => {
    expect(scaledValue("25%", 4, false)).toBe(1);
    expect(legacyReadiness(dep(), { replicaSets: [rs(3)] }).ready).toBe(true);
    expect(legacyReadiness(dep(), { replicaSets: [rs(2)] }).ready).toBe(false);
    // An old ReplicaSet (different template) or one owned by someone else does not count.
    const old = { ...template, spec: { containers: [{ name: "app", image: "app:1" }] } };
    expect(legacyReadiness(dep(), { replicaSets: [rs(4, old)] }).ready).toBe(false);
    expect(legacyReadiness(dep(), { replicaSets: [rs(4, template, "other")] }).ready).toBe(false);
    expect(legacyReadiness(dep(), { replicaSets: [rs(4, template, "dep-uid", 2, 1)] }).ready).toBe(false);
    expect(legacyReadiness(dep({ strategy: { type: "Recreate" } }), { replicaSets: [rs(3)] }).ready).toBe(false);
    expect(legacyReadiness(dep({ paused: true }), {}).ready).toBe(true);
  });

  it("Job is ignored without --wait-for-jobs; with it needs completions and fails past backoffLimit", () => {
    const job = (status: Record<string, unknown>): KubeObjectLike => ({ kind: "Job", metadata: { name: "j" }, spec: { completions: 2, backoffLimit: 1 }, status });
    expect(legacyReadiness(job({}))).toEqual({ ready: true });
    expect(legacyReadiness(job({ succeeded: 1 }), {}, { waitForJobs: true }).ready).toBe(false);
    expect(legacyReadiness(job({ succeeded: 2 }), {}, { waitForJobs: true }).ready).toBe(true);
    expect(legacyReadiness(job({ failed: 2 }), {}, { waitForJobs: true })).toEqual({ ready: false, error: "job j failed" });
  });

  it("Service: ExternalName ready, clusterIP required, LoadBalancer needs ingress unless externalIPs", () => {
    expect(legacyReadiness({ kind: "Service", spec: { type: "ExternalName" } }).ready).toBe(true);
    expect(legacyReadiness({ kind: "Service", spec: {} }).ready).toBe(false);
    expect(legacyReadiness({ kind: "Service", spec: { clusterIP: "10.0.0.1" } }).ready).toBe(true);
    expect(legacyReadiness({ kind: "Service", spec: { type: "LoadBalancer", clusterIP: "10.0.0.1" } }).ready).toBe(false);
    expect(legacyReadiness({ kind: "Service", spec: { type: "LoadBalancer", clusterIP: "10.0.0.1", externalIPs: ["1.2.3.4"] } }).ready).toBe(true);
    expect(legacyReadiness({ kind: "Service", spec: { type: "LoadBalancer", clusterIP: "1" }, status: { loadBalancer: { ingress: [{ ip: "5.6.7.8" }] } } }).ready).toBe(true);
  });

  it("StatefulSet, DaemonSet, PVC, Pod, CRD, ReplicaSet and custom resources", () => {
    const sts = (status: Record<string, unknown>, spec: Record<string, unknown> = { replicas: 2 }): KubeObjectLike => ({
      kind: "StatefulSet",
      metadata: { generation: 1 },
      spec,
      status: { observedGeneration: 1, ...status },
    });
    expect(legacyReadiness(sts({ updatedReplicas: 2, readyReplicas: 2, currentRevision: "a", updateRevision: "a" })).ready).toBe(true);
    expect(legacyReadiness(sts({ updatedReplicas: 2, readyReplicas: 2, currentRevision: "a", updateRevision: "b" })).ready).toBe(false);
    expect(legacyReadiness(sts({ updatedReplicas: 1, readyReplicas: 2 }, { replicas: 2, updateStrategy: { rollingUpdate: { partition: 1 } } })).ready).toBe(true);
    const ds = (status: Record<string, unknown>): KubeObjectLike => ({ kind: "DaemonSet", metadata: { generation: 1 }, spec: {}, status: { observedGeneration: 1, ...status } });
    expect(legacyReadiness(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 2 })).ready).toBe(true);
    expect(legacyReadiness(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberReady: 3 })).ready).toBe(false);
    expect(legacyReadiness({ kind: "PersistentVolumeClaim", status: { phase: "Bound" } }).ready).toBe(true);
    expect(legacyReadiness({ kind: "Pod", status: { phase: "Succeeded" } }).ready).toBe(false);
    expect(legacyReadiness({ kind: "Pod", status: { conditions: [{ type: "Ready", status: "True" }] } }).ready).toBe(true);
    expect(legacyReadiness({ kind: "CustomResourceDefinition", status: { conditions: [{ type: "NamesAccepted", status: "False" }] } }).ready).toBe(true);
    const replicaSet: KubeObjectLike = { kind: "ReplicaSet", metadata: { generation: 1 }, status: { observedGeneration: 1 } };
    const readyPod = { kind: "Pod", status: { conditions: [{ type: "Ready", status: "True" }] } };
    expect(legacyReadiness(replicaSet, { pods: [readyPod, { kind: "Pod", status: {} }] }).ready).toBe(false);
    expect(legacyReadiness(replicaSet, { pods: [readyPod] }).ready).toBe(true);
    expect(legacyReadiness({ apiVersion: "example.com/v1", kind: "Widget", status: { conditions: [{ type: "Ready", status: "False" }] } }).ready).toBe(true);
  });
});
