/** Simulated controllers: Jobs, Deployments, StatefulSets, DaemonSets, PVCs, Services, Pod logs and scenarios. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, api, eventually, startFixture } from "./support/sandbox-fixture";


let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

function job(name: string, extra: { annotations?: Record<string, string>; podAnnotations?: Record<string, string>; spec?: Json } = {}): Json {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      ...extra.spec,
      template: {
        metadata: extra.podAnnotations ? { annotations: extra.podAnnotations } : {},
        spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox", command: ["sh", "-c", "echo hello from the job"] }] },
      },
    },
  };
}

async function finishedJob(name: string, timeoutMs = 8000): Promise<Json> {
  return eventually(async () => {
    const { body } = await api(fx, "GET", `/apis/batch/v1/namespaces/default/jobs/${name}`);
    const types = ((body.status?.conditions ?? []) as Json[]).filter((c) => c.status === "True").map((c) => c.type);
    return types.includes("Complete") || types.includes("Failed") ? body : undefined;
  }, timeoutMs, `job ${name} to finish`);
}

const conditionTypes = (object: Json): string[] => ((object.status?.conditions ?? []) as Json[]).filter((c) => c.status === "True").map((c) => c.type);

async function podsOf(selector: string): Promise<Json[]> {
  return (await api(fx, "GET", `/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent(selector)}`)).body.items;
}

describe("Job controller", () => {
  it("runs a Pod to completion and sets SuccessCriteriaMet and Complete, with defaults waiters rely on", async () => {
    const created = await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job("ok"));
    expect(created.body.spec).toMatchObject({ backoffLimit: 6, completions: 1, parallelism: 1 });
    const done = await finishedJob("ok");
    expect(conditionTypes(done)).toEqual(["SuccessCriteriaMet", "Complete"]);
    expect(done.status).toMatchObject({ succeeded: 1, startTime: expect.any(String), completionTime: expect.any(String) });
    const [pod] = await podsOf("batch.kubernetes.io/job-name=ok");
    expect(pod.status.phase).toBe("Succeeded");
    expect(pod.metadata.ownerReferences[0]).toMatchObject({ kind: "Job", name: "ok", controller: true });
    const logs = await fetch(`${fx.sandbox.url}/api/v1/namespaces/default/pods/${pod.metadata.name}/log`);
    expect(await logs.text()).toBe("hello from the job\n");
    const byVersion = (a: Json, b: Json): number => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion);
    const events = ((await api(fx, "GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dok")).body.items as Json[]).sort(byVersion);
    expect(events.map((e) => e.reason)).toEqual(["SuccessfulCreate", "Completed"]);
    expect(events[0]).toMatchObject({ type: "Normal", involvedObject: { kind: "Job", name: "ok", uid: done.metadata.uid }, source: { component: "job-controller" } });
    const podEvents = ((await api(fx, "GET", `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D${pod.metadata.name}`)).body.items as Json[]).sort(byVersion);
    expect(podEvents.map((e) => e.reason)).toEqual(["Scheduled", "Pulled", "Created", "Started"]);
  });

  it("retries failed Pods up to backoffLimit, then fails with BackoffLimitExceeded", async () => {
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job("flaky", { podAnnotations: { "sandbox.hookline.dev/outcome": "fail" }, spec: { backoffLimit: 2 } }));
    const done = await finishedJob("flaky");
    expect(conditionTypes(done)).toEqual(["FailureTarget", "Failed"]);
    expect(done.status.conditions.find((c: Json) => c.type === "Failed")).toMatchObject({ reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
    expect(done.status.failed).toBe(3);
    expect(await podsOf("batch.kubernetes.io/job-name=flaky")).toHaveLength(3);
  });

  it("fails a Job that outlives activeDeadlineSeconds and removes its running Pod", async () => {
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job("late", { annotations: { "sandbox.hookline.dev/outcome": "hang" }, spec: { activeDeadlineSeconds: 1 } }));
    const done = await finishedJob("late", 6000);
    expect(done.status.conditions.find((c: Json) => c.type === "Failed")).toMatchObject({ reason: "DeadlineExceeded" });
    await eventually(async () => ((await podsOf("batch.kubernetes.io/job-name=late")).length === 0 ? true : undefined));
  });

  it("takes the duration and log lines from scenario annotations", async () => {
    const started = Date.now();
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job("slow", { annotations: { "sandbox.hookline.dev/duration": "1s", "sandbox.hookline.dev/logs": "line one\nline two" } }));
    await finishedJob("slow");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const [pod] = await podsOf("batch.kubernetes.io/job-name=slow");
    const logs = await fetch(`${fx.sandbox.url}/api/v1/namespaces/default/pods/${pod.metadata.name}/log?tailLines=1`);
    expect(await logs.text()).toBe("line two\n");
  });
});

describe("scenarios", () => {
  it("makes the next creation of a named Job fail, then lets later ones succeed", async () => {
    const added = await api(fx, "POST", "/sandbox/v1/scenarios", { kind: "Job", name: "hooked", namespace: "default", action: "fail" });
    expect(added.status).toBe(201);
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job("hooked", { spec: { backoffLimit: 0 } }));
    const failed = await finishedJob("hooked");
    expect(conditionTypes(failed)).toContain("Failed");
    expect(failed.metadata.annotations["sandbox.hookline.dev/scenario"]).toBe(added.body.id);
    expect((await api(fx, "GET", "/sandbox/v1/scenarios")).body.items).toEqual([]);

    await api(fx, "DELETE", "/apis/batch/v1/namespaces/default/jobs/hooked", { propagationPolicy: "Background" });
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job("hooked", { spec: { backoffLimit: 0 } }));
    expect(conditionTypes(await finishedJob("hooked"))).toContain("Complete");
  });

  it("keeps a hanging Job running until the scenario's object is deleted", async () => {
    fx.sandbox.scenarios.add({ kind: "Job", name: "stuck", action: "hang" });
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job("stuck"));
    await eventually(async () => ((await podsOf("batch.kubernetes.io/job-name=stuck"))[0]?.status?.phase === "Running" ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    const { body } = await api(fx, "GET", "/apis/batch/v1/namespaces/default/jobs/stuck");
    expect(conditionTypes(body)).toEqual([]);
    expect(body.status.active).toBe(1);
  });
});

describe("workload controllers", () => {
  const template = (app: string, image = "nginx:1.27") => ({ metadata: { labels: { app } }, spec: { containers: [{ name: "web", image }] } });

  it("rolls a Deployment out through a ReplicaSet and reports the status helm waits for", async () => {
    await api(fx, "POST", "/apis/apps/v1/namespaces/default/deployments", { metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: template("web") } });
    const ready = await eventually(async () => {
      const { body } = await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/web");
      return body.status?.availableReplicas === 2 && body.status.conditions?.some((c: Json) => c.reason === "NewReplicaSetAvailable") ? body : undefined;
    });
    expect(ready.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(conditionTypes(ready)).toEqual(["Available", "Progressing"]);
    const [rs] = (await api(fx, "GET", "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb")).body.items;
    const hash = rs.metadata.labels["pod-template-hash"];
    expect(rs.metadata.ownerReferences[0].uid).toBe(ready.metadata.uid);
    expect(await podsOf(`app=web,pod-template-hash=${hash}`)).toHaveLength(2);

    await api(fx, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web", { spec: { template: template("web", "nginx:1.28") } }, "application/strategic-merge-patch+json");
    const rolled = await eventually(async () => {
      const { body } = await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/web");
      return body.status?.observedGeneration === 2 && body.status.updatedReplicas === 2 && body.status.replicas === 2 && body.status.availableReplicas === 2 ? body : undefined;
    });
    expect(rolled.metadata.generation).toBe(2);
    const sets = (await api(fx, "GET", "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb")).body.items as Json[];
    expect(sets.map((s) => s.spec.replicas).sort()).toEqual([0, 2]);

    await api(fx, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web", { spec: { template: template("web") } }, "application/strategic-merge-patch+json");
    const back = await eventually(async () => {
      const list = (await api(fx, "GET", "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb")).body.items as Json[];
      const original = list.find((s) => s.metadata.name === rs.metadata.name);
      return original?.spec.replicas === 2 && original.status.readyReplicas === 2 ? original : undefined;
    });
    expect(back.metadata.generation).toBeGreaterThan(1);
    expect(back.status.observedGeneration).toBe(back.metadata.generation);
  });

  it("keeps the previous ReplicaSet serving while a new template's Pods crash", async () => {
    const tpl = (annotations: Record<string, string>) => ({ metadata: { labels: { app: "roll" }, annotations }, spec: { containers: [{ name: "c", image: "x:1" }] } });
    await api(fx, "POST", "/apis/apps/v1/namespaces/default/deployments", { metadata: { name: "roll" }, spec: { replicas: 2, selector: { matchLabels: { app: "roll" } }, template: tpl({}) } });
    await eventually(async () => ((await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/roll")).body.status?.availableReplicas === 2 ? true : undefined));
    await api(fx, "PATCH", "/apis/apps/v1/namespaces/default/deployments/roll", { spec: { template: tpl({ "sandbox.hookline.dev/outcome": "fail" }) } }, "application/strategic-merge-patch+json");
    await eventually(async () => ((await podsOf("app=roll")).filter((p) => p.status?.containerStatuses?.[0]?.state?.waiting).length === 2 ? true : undefined));
    const { body } = await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/roll");
    expect(body.status).toMatchObject({ replicas: 4, updatedReplicas: 2, availableReplicas: 2 });
    expect(body.status.conditions.find((c: Json) => c.type === "Progressing").reason).toBe("ReplicaSetUpdated");
  });

  it("marks crashing Pods unready, so the Deployment never becomes available", async () => {
    await api(fx, "POST", "/apis/apps/v1/namespaces/default/deployments", {
      metadata: { name: "crash" },
      spec: { replicas: 1, selector: { matchLabels: { app: "crash" } }, template: { metadata: { labels: { app: "crash" }, annotations: { "sandbox.hookline.dev/outcome": "fail" } }, spec: { containers: [{ name: "c", image: "x:1" }] } } },
    });
    const pod = await eventually(async () => (await podsOf("app=crash")).find((p) => p.status?.phase === "Running"));
    expect(pod.status.containerStatuses[0].state.waiting.reason).toBe("CrashLoopBackOff");
    const { body } = await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/crash");
    expect(body.status.availableReplicas).toBeUndefined();
    await api(fx, "PATCH", "/apis/apps/v1/namespaces/default/deployments/crash", { spec: { progressDeadlineSeconds: 1 } }, "application/merge-patch+json");
    const timedOut = await eventually(async () => {
      const current = (await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/crash")).body;
      return current.status.conditions.find((c: Json) => c.type === "Progressing" && c.status === "False");
    }, 5000, "ProgressDeadlineExceeded");
    expect(timedOut.reason).toBe("ProgressDeadlineExceeded");
    expect(timedOut.message).toMatch(/^ReplicaSet "crash-[a-z0-9]+" has timed out progressing\.$/);
  });

  it("creates ordinal StatefulSet Pods with their claims, and one DaemonSet Pod", async () => {
    await api(fx, "POST", "/apis/apps/v1/namespaces/default/statefulsets", {
      metadata: { name: "db" },
      spec: { replicas: 2, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: template("db"), volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } } }] },
    });
    const sts = await eventually(async () => {
      const { body } = await api(fx, "GET", "/apis/apps/v1/namespaces/default/statefulsets/db");
      return body.status?.readyReplicas === 2 ? body : undefined;
    });
    expect(sts.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, currentReplicas: 2, availableReplicas: 2 });
    expect((await podsOf("app=db")).map((p) => p.metadata.name).sort()).toEqual(["db-0", "db-1"]);
    const pvc = await eventually(async () => {
      const { body } = await api(fx, "GET", "/api/v1/namespaces/default/persistentvolumeclaims/data-db-1");
      return body.status?.phase === "Bound" ? body : undefined;
    });
    expect(pvc.status.capacity.storage).toBe("2Gi");

    await api(fx, "POST", "/apis/apps/v1/namespaces/default/daemonsets", { metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: template("agent") } });
    const ds = await eventually(async () => {
      const { body } = await api(fx, "GET", "/apis/apps/v1/namespaces/default/daemonsets/agent");
      return body.status?.numberReady === 1 ? body : undefined;
    });
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberAvailable: 1, observedGeneration: 1 });
  });

  it("gives Services a stable cluster IP", async () => {
    const svc = await api(fx, "POST", "/api/v1/namespaces/default/services", { metadata: { name: "svc" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
    const ip = svc.body.spec.clusterIP as string;
    expect(ip).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(svc.body.spec.ports[0]).toEqual({ port: 80, protocol: "TCP", targetPort: 80 });
    const other = await api(fx, "POST", "/api/v1/namespaces/default/services", { metadata: { name: "svc2" }, spec: { ports: [{ port: 81 }] } });
    expect(other.body.spec.clusterIP).not.toBe(ip);
    const updated = await api(fx, "PATCH", "/api/v1/namespaces/default/services/svc?fieldManager=t", { apiVersion: "v1", kind: "Service", metadata: { name: "svc" }, spec: { ports: [{ port: 8080 }] } }, "application/apply-patch+yaml");
    expect(updated.body.spec.clusterIP).toBe(ip);
  });
});
