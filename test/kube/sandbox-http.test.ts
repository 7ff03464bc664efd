/**
 * lib/kube against the sandbox cluster over real HTTP: discovery, CRUD, server-side apply, client-side three-way
 * updates, watch-based waits (with dropped watches and 410 Gone), retries on injected 429s, and pod logs.
 * Skipped, with the reason printed, only when lib/sandbox cannot be imported.
 */
import { PassThrough } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createKubeClient, deletedCondition, readyCondition, WaitTimeoutError, type KubeClient, type KubeObject } from "@/lib/kube";
import { sandboxAvailable, startTestSandbox, type RunningSandbox } from "./helpers/sandbox";

const OUTCOME = "sandbox.hookline.dev/outcome";
const DURATION = "sandbox.hookline.dev/duration";
const LOGS = "sandbox.hookline.dev/logs";

let env: RunningSandbox;
let client: KubeClient;

function hookJob(name: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default", annotations: { "helm.sh/hook": "pre-install", ...annotations } },
    spec: {
      backoffLimit: 0,
      template: { metadata: { annotations }, spec: { restartPolicy: "Never", containers: [{ name: "hook", image: "busybox", command: ["sh", "-c", "echo migrated"] }] } },
    },
  };
}

function deployment(image: string, env: Array<{ name: string; value: string }>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels: { app: "web" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image, env }] } },
    },
  };
}

const deadline = () => Date.now() + 15_000;

describe.skipIf(!sandboxAvailable)("KubeClient against the sandbox", () => {
  beforeAll(async () => {
    env = await startTestSandbox({ watchHistory: 50 });
    client = createKubeClient({ kubeconfigPath: env.kubeconfigPath, retryPolicy: { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 200 } });
  });
  afterAll(async () => {
    await env?.sandbox.stop();
  });
  afterEach(() => env?.sandbox.faults.clear());

  it("reads the server version and maps kinds through discovery", async () => {
    expect((await client.serverVersion({ deadline: deadline() })).major).toBe("1");
    expect(await client.mapping("apps/v1", "Deployment")).toMatchObject({ resource: "deployments", namespaced: true });
    expect(await client.mapping("v1", "Namespace")).toMatchObject({ resource: "namespaces", namespaced: false });
    expect(await client.mapping("batch/v1", "Job")).toMatchObject({ resource: "jobs", namespaced: true });
  });

  it("creates, lists by label selector, replaces and deletes; duplicate create is AlreadyExists", async () => {
    const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "crud", labels: { owner: "hookline" } }, data: { a: "1" } };
    const created = await client.create(cm);
    expect(created.metadata.namespace).toBe("default");
    await expect(client.create(cm)).rejects.toMatchObject({ code: 409, reason: "AlreadyExists" });
    const listed = await client.list("v1", "ConfigMap", { labelSelector: "owner=hookline" });
    expect(listed.items.map((i) => i.metadata.name)).toEqual(["crud"]);
    expect((await client.list("v1", "ConfigMap", { labelSelector: "owner=nobody" })).items).toEqual([]);
    await client.replace({ ...cm, data: { a: "2" } });
    expect((await client.get({ apiVersion: "v1", kind: "ConfigMap", name: "crud" }))?.data).toEqual({ a: "2" });
    expect(await client.delete({ apiVersion: "v1", kind: "ConfigMap", name: "crud" }, { propagationPolicy: "Background" })).toBe(true);
    expect(await client.get({ apiVersion: "v1", kind: "ConfigMap", name: "crud" })).toBeUndefined();
  });

  it("refuses an object path without a name instead of addressing the whole collection", async () => {
    const keep: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bystander" }, data: {} };
    await client.create(keep);
    const nameless = { apiVersion: "v1", kind: "ConfigMap", name: "" };
    await expect(client.delete(nameless)).rejects.toThrow("resource name may not be empty");
    await expect(client.get(nameless)).rejects.toThrow("resource name may not be empty");
    await expect(client.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "x-" } } as unknown as KubeObject)).rejects.toThrow("resource name may not be empty");
    expect(await client.get({ apiVersion: "v1", kind: "ConfigMap", name: "bystander" })).toBeDefined();
    await client.delete({ apiVersion: "v1", kind: "ConfigMap", name: "bystander" });
  });

  it("server-side apply creates, then updates and drops fields removed from the applied object", async () => {
    const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ssa" }, data: { a: "1", b: "2" } };
    await client.apply(cm);
    const updated = await client.apply({ ...cm, data: { a: "3" } });
    expect(updated.data).toEqual({ a: "3" });
    const audit = env.sandbox.audit.entries({ kind: "ConfigMap", namespace: "default" }).filter((e) => (e as { name?: string }).name === "ssa");
    expect(audit.map((e) => e.verb)).toEqual(["apply", "apply"]);
  });

  it("client-side update sends a three-way strategic merge patch that keeps fields others set live", async () => {
    const v1 = deployment("app:1", [{ name: "A", value: "1" }, { name: "B", value: "2" }]);
    await client.updateClientSide(undefined, v1);
    // Someone else annotates the live object; a three-way patch must not remove that.
    await client.patch({ apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "default" }, { metadata: { annotations: { "team/owner": "ops" } } }, "merge");
    const v2 = deployment("app:2", [{ name: "A", value: "1" }]);
    const result = await client.updateClientSide(v1, v2);
    expect(result.action).toBe("patched");
    const live = (await client.get({ apiVersion: "apps/v1", kind: "Deployment", name: "web" }))!;
    const container = (live.spec as { template: { spec: { containers: Array<{ image: string; env: unknown[] }> } } }).template.spec.containers[0]!;
    expect(container.image).toBe("app:2");
    expect(container.env).toEqual([{ name: "A", value: "1" }]);
    expect(live.metadata.annotations?.["team/owner"]).toBe("ops");
    expect((await client.updateClientSide(v2, v2)).action).toBe("unchanged");
  });

  it("waits for a hook Job to complete, reports a failing one as Failed, and a Deployment to become ready", async () => {
    await client.apply(hookJob("hook-ok", { [DURATION]: "300ms" }));
    await client.apply(hookJob("hook-bad", { [OUTCOME]: "fail", [DURATION]: "100ms" }));
    const refs = ["hook-ok", "hook-bad"].map((name) => ({ apiVersion: "batch/v1", kind: "Job", name, namespace: "default" }));
    const outcomes = await client.waitFor(refs, readyCondition({ hook: true }), { deadline: deadline() });
    expect(outcomes.map((o) => o.result.status)).toEqual(["Current", "Failed"]);
    expect(outcomes[1]!.result.message).toMatch(/^Job Failed\. failed: \d+\/1$/);

    const web = await client.waitFor([{ apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "default" }], readyCondition(), { deadline: deadline() });
    expect(web[0]!.result.status).toBe("Current");
  });

  it("keeps waiting across dropped watches and 410 Gone, then sees the deletion", async () => {
    env.sandbox.faults.set({ dropWatchesAfterMs: 100, forceGone: 1 });
    await client.apply(hookJob("hook-slow", { [DURATION]: "700ms" }));
    const ref = { apiVersion: "batch/v1", kind: "Job", name: "hook-slow", namespace: "default" };
    const [outcome] = await client.waitFor([ref], readyCondition({ hook: true }), { deadline: deadline() });
    expect(outcome!.result.status).toBe("Current");

    const deleted = client.waitFor([ref], deletedCondition, { deadline: deadline() });
    await client.delete(ref, { propagationPolicy: "Background" });
    expect((await deleted)[0]!.result.status).toBe("Current");
  });

  it("gives up at the deadline with helm's message for a hook that hangs", async () => {
    await client.apply(hookJob("hook-hang", { [OUTCOME]: "hang" }));
    const error = await client
      .waitFor([{ apiVersion: "batch/v1", kind: "Job", name: "hook-hang", namespace: "default" }], readyCondition({ hook: true }), { deadline: Date.now() + 700 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toContain("resource Job/default/hook-hang not ready. status: InProgress");
  });

  it("retries through injected 429 throttling", async () => {
    env.sandbox.faults.set({ errorRate: { list: 1 }, errorCode: 429, resource: "secrets" });
    setTimeout(() => env.sandbox.faults.clear(), 300);
    const list = await client.list("v1", "Secret", { labelSelector: "owner=helm" }, { deadline: deadline() });
    expect(Array.isArray(list.items)).toBe(true);
  });

  it("streams a pod's container logs", async () => {
    await client.apply({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "logger", annotations: { [LOGS]: "first line\nsecond line" } },
      spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox" }] },
    });
    const out = new PassThrough();
    let text = "";
    out.on("data", (c: Buffer) => (text += c.toString()));
    await client.streamLogs("default", "logger", "main", out, { deadline: deadline() });
    expect(text).toBe("first line\nsecond line\n");
  });

  it("finds a hook Job's pods by job-name and copies every container's logs", async () => {
    await client.apply(hookJob("hook-logs", { [DURATION]: "100ms", [LOGS]: "ran the migration" }));
    await client.waitFor([{ apiVersion: "batch/v1", kind: "Job", name: "hook-logs", namespace: "default" }], readyCondition({ hook: true }), { deadline: deadline() });
    const pods = await client.hookPods("Job", "hook-logs", "default", { deadline: deadline() });
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p.metadata.labels?.["job-name"] === "hook-logs")).toBe(true);
    const seen: string[] = [];
    await client.hookLogs(
      "Job",
      "hook-logs",
      "default",
      (pod, container) => {
        const out = new PassThrough();
        out.on("data", (c: Buffer) => seen.push(`${pod.startsWith("hook-logs") ? "hook-logs-pod" : pod}/${container}: ${c.toString().trim()}`));
        return out;
      },
      { deadline: deadline() },
    );
    expect(seen).toContain("hook-logs-pod/hook: ran the migration");
    expect(await client.hookPods("ConfigMap", "x", "default")).toEqual([]);
  });
});
