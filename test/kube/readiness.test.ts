/** helm 4 waiter readiness rules (spec: helm-lifecycle.md 3.3 and 6.8, apiserver-surface.md 4.3). */
import { describe, expect, it } from "vitest";
import { computeReadiness, isSkippedByWaiter, notReadyMessage, type KubeObjectLike } from "@/lib/kube/readiness";

const job = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObjectLike => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "migrate", namespace: "ns", generation: 1 },
  spec,
  status,
});

const deployment = (status: Record<string, unknown>, spec: Record<string, unknown> = { replicas: 2 }): KubeObjectLike => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "ns", generation: 3 },
  spec,
  status,
});

describe("hook readiness (helm's Job and Pod readers)", () => {
  it("a hook Job is Current only with Complete=True, Failed with Failed=True, else InProgress even when started", () => {
    expect(computeReadiness(job({ startTime: "2026-01-01T00:00:00Z" }), { hook: true }).status).toBe("InProgress");
    expect(
      computeReadiness(job({ succeeded: 1, conditions: [{ type: "SuccessCriteriaMet", status: "True" }, { type: "Complete", status: "True" }] }), { hook: true }),
    ).toEqual({ status: "Current", message: "Job Completed. succeeded: 1/1" });
    expect(
      computeReadiness(job({ failed: 1, conditions: [{ type: "FailureTarget", status: "True" }, { type: "Failed", status: "True" }] }), { hook: true }),
    ).toEqual({ status: "Failed", message: "Job Failed. failed: 1/1" });
  });

  it("a hook Pod must reach Succeeded; Failed is terminal", () => {
    const pod = (phase: string): KubeObjectLike => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, status: { phase } });
    expect(computeReadiness(pod("Running"), { hook: true }).status).toBe("InProgress");
    expect(computeReadiness(pod("Succeeded"), { hook: true }).status).toBe("Current");
    expect(computeReadiness(pod("Failed"), { hook: true }).status).toBe("Failed");
  });

  it("other hook kinds are ready as soon as they exist, and missing objects are NotFound", () => {
    expect(computeReadiness({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, { hook: true }).status).toBe("Current");
    expect(computeReadiness(undefined, { hook: true }).status).toBe("NotFound");
  });
});

describe("resource readiness (kstatus)", () => {
  it("Job: started is Current without --wait-for-jobs, needs Complete with it", () => {
    const started = job({ startTime: "2026-01-01T00:00:00Z", active: 1 });
    expect(computeReadiness(job({})).status).toBe("InProgress");
    expect(computeReadiness(started).status).toBe("Current");
    expect(computeReadiness(started, { waitForJobs: true }).status).toBe("InProgress");
  });

  it("Deployment needs all replicas updated, available and ready plus Available/Progressing conditions", () => {
    const ready = {
      observedGeneration: 3,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [
        { type: "Available", status: "True" },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
      ],
    };
    const spec = { replicas: 2, progressDeadlineSeconds: 600 };
    expect(computeReadiness(deployment(ready, spec))).toEqual({ status: "Current", message: "Deployment is available. Replicas: 2" });
    expect(computeReadiness(deployment({ ...ready, observedGeneration: 2 }, spec)).status).toBe("InProgress");
    expect(computeReadiness(deployment({ ...ready, replicas: 3 }, spec))).toEqual({ status: "InProgress", message: "Pending termination: 1" });
    expect(computeReadiness(deployment({ ...ready, updatedReplicas: 1 }, spec)).message).toBe("Updated: 1/2");
    expect(computeReadiness(deployment({ ...ready, conditions: [ready.conditions[0]] }, spec)).message).toBe("ReplicaSet not Available");
    // Without progressDeadlineSeconds the Progressing condition is not required.
    expect(computeReadiness(deployment({ ...ready, conditions: [ready.conditions[0]] }, { replicas: 2 })).status).toBe("Current");
    expect(
      computeReadiness(deployment({ ...ready, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] }, spec)).status,
    ).toBe("Failed");
  });

  it("paused Deployments are skipped by the waiter", () => {
    expect(isSkippedByWaiter(deployment({}, { paused: true }))).toBe(true);
    expect(isSkippedByWaiter(deployment({}))).toBe(false);
  });

  it("StatefulSet: replicas, partition and revisions", () => {
    const sts = (spec: Record<string, unknown>, status: Record<string, unknown>): KubeObjectLike => ({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db", generation: 1 },
      spec,
      status: { observedGeneration: 1, ...status },
    });
    const full = { replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: "a", updateRevision: "a" };
    expect(computeReadiness(sts({ replicas: 3 }, full)).status).toBe("Current");
    expect(computeReadiness(sts({ replicas: 3 }, { ...full, updateRevision: "b" })).message).toBe("Waiting for updated revision to match current");
    expect(computeReadiness(sts({ replicas: 3 }, { ...full, readyReplicas: 2 })).message).toBe("Ready: 2/3");
    expect(
      computeReadiness(sts({ replicas: 3, updateStrategy: { rollingUpdate: { partition: 2 } } }, { ...full, updatedReplicas: 1, updateRevision: "b" })).status,
    ).toBe("Current");
    expect(computeReadiness(sts({ replicas: 3, updateStrategy: { type: "OnDelete" } }, {})).status).toBe("Current");
  });

  it("DaemonSet requires observedGeneration and all desired pods scheduled, updated, available and ready", () => {
    const ds = (status: Record<string, unknown>): KubeObjectLike => ({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "d", generation: 1 }, status });
    const ok = { observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2, numberReady: 2 };
    expect(computeReadiness(ds(ok)).status).toBe("Current");
    expect(computeReadiness(ds({ ...ok, observedGeneration: undefined })).status).toBe("InProgress");
    expect(computeReadiness(ds({ ...ok, numberAvailable: 1 })).message).toBe("Available: 1/2");
  });

  it("Pod, PVC, Service, CRD and unknown kinds", () => {
    const pod = (status: Record<string, unknown>): KubeObjectLike => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, status });
    expect(computeReadiness(pod({ phase: "Failed" })).status).toBe("Current");
    expect(computeReadiness(pod({ phase: "Running", conditions: [{ type: "Ready", status: "True" }] })).status).toBe("Current");
    expect(
      computeReadiness(pod({ phase: "Running", containerStatuses: [{ name: "app", state: { waiting: { reason: "CrashLoopBackOff" } } }] })),
    ).toEqual({ status: "Failed", message: "Containers in CrashLoop state: app" });
    expect(computeReadiness({ apiVersion: "v1", kind: "PersistentVolumeClaim", status: { phase: "Pending" } }).status).toBe("InProgress");
    expect(computeReadiness({ apiVersion: "v1", kind: "PersistentVolumeClaim", status: { phase: "Bound" } }).status).toBe("Current");
    expect(computeReadiness({ apiVersion: "v1", kind: "Service", spec: { type: "LoadBalancer" } }).status).toBe("InProgress");
    expect(computeReadiness({ apiVersion: "v1", kind: "Service", spec: { type: "LoadBalancer", clusterIP: "10.0.0.1" } }).status).toBe("Current");
    const crd = (conds: unknown[]): KubeObjectLike => ({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", status: { conditions: conds } });
    expect(computeReadiness(crd([{ type: "Established", status: "True" }])).status).toBe("Current");
    expect(computeReadiness(crd([{ type: "Established", status: "False", reason: "Installing" }])).status).toBe("InProgress");
    expect(computeReadiness(crd([{ type: "NamesAccepted", status: "False", reason: "Conflict", message: "name taken" }])).status).toBe("Failed");
    // Custom resources: only observedGeneration, Reconciling and Stalled matter, never Ready.
    const cr = (status: Record<string, unknown>): KubeObjectLike => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { generation: 2 }, status });
    expect(computeReadiness(cr({ conditions: [{ type: "Ready", status: "False" }] })).status).toBe("Current");
    expect(computeReadiness(cr({ observedGeneration: 1 })).status).toBe("InProgress");
    expect(computeReadiness(cr({ conditions: [{ type: "Reconciling", status: "True" }] })).status).toBe("InProgress");
    expect(computeReadiness(cr({ conditions: [{ type: "Stalled", status: "True", message: "stuck" }] }))).toEqual({ status: "Failed", message: "stuck" });
    expect(computeReadiness({ apiVersion: "v1", kind: "ConfigMap", metadata: { deletionTimestamp: "2026-01-01T00:00:00Z" } }).status).toBe("Terminating");
  });

  it("formats helm's not-ready message", () => {
    expect(notReadyMessage({ kind: "Job", namespace: "default", name: "demo-pre-install" }, { status: "Failed", message: "Job Failed. failed: 1/1" })).toBe(
      "resource Job/default/demo-pre-install not ready. status: Failed, message: Job Failed. failed: 1/1",
    );
  });
});
