/**
 * The cluster client over real HTTP against a scripted server: kubeconfig auth header, discovery-based paths,
 * helm's request shapes (SSA query, delete propagation), retries on 429/503/dropped connections, no retry of a
 * dropped POST, and per-call deadlines.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { ScriptedApiServer, CORE_V1, json, status } from "./helpers/scripted-api-server";

const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50 };

let server: ScriptedApiServer;
let client: KubeClient;

beforeEach(async () => {
  server = await new ScriptedApiServer().always("GET /api/v1", (_q, res) => json(res, 200, CORE_V1)).start();
  client = createKubeClient({ kubeconfigPath: server.writeKubeconfig("team-a"), retryPolicy: FAST_RETRY });
});

afterEach(async () => {
  await server.stop();
});

const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "demo-config" }, data: { message: "hello" } };

describe("KubeClient over HTTP", () => {
  it("sends the kubeconfig token, defaults the context namespace and maps kinds by discovery", async () => {
    server.script("GET /api/v1/namespaces/team-a/configmaps/demo-config", (_q, res) => json(res, 200, { ...cm, metadata: { name: "demo-config", namespace: "team-a", resourceVersion: "7" } }));
    const got = await client.get({ apiVersion: "v1", kind: "ConfigMap", name: "demo-config" });
    expect(got?.metadata.resourceVersion).toBe("7");
    const req = server.seen.find((r) => r.url.startsWith("/api/v1/namespaces"))!;
    expect(req.headers.authorization).toBe("Bearer dummy-token");
    expect(client.namespace).toBe("team-a");
  });

  it("returns undefined for a missing object and false for deleting one that is gone", async () => {
    expect(await client.get({ apiVersion: "v1", kind: "ConfigMap", name: "nope", namespace: "x" })).toBeUndefined();
    expect(await client.delete({ apiVersion: "v1", kind: "ConfigMap", name: "nope", namespace: "x" })).toBe(false);
  });

  it("applies server-side like helm 4: PATCH apply-patch+yaml, fieldManager=helm, force=false, fieldValidation=Strict", async () => {
    server.script("PATCH /api/v1/namespaces/team-a/configmaps/demo-config", (q, res) => json(res, 201, JSON.parse(q.body)));
    await client.apply(cm);
    const req = server.seen.find((r) => r.method === "PATCH")!;
    const url = new URL(req.url, server.url);
    expect(req.headers["content-type"]).toBe("application/apply-patch+yaml");
    expect(Object.fromEntries(url.searchParams)).toEqual({ fieldManager: "helm", fieldValidation: "Strict", force: "false" });
    expect(JSON.parse(req.body)).toEqual({ ...cm, metadata: { name: "demo-config", namespace: "team-a" } });
  });

  it("deletes with a propagation policy body and drops the namespace of cluster-scoped kinds", async () => {
    server.script("DELETE /api/v1/namespaces/ns1/configmaps/x", (_q, res) => json(res, 200, {}));
    server.script("DELETE /api/v1/namespaces/prod", (_q, res) => json(res, 200, {}));
    expect(await client.delete({ apiVersion: "v1", kind: "ConfigMap", name: "x", namespace: "ns1" }, { propagationPolicy: "Background" })).toBe(true);
    await client.delete({ apiVersion: "v1", kind: "Namespace", name: "prod", namespace: "ignored" }, { propagationPolicy: "Foreground" });
    const deletes = server.seen.filter((r) => r.method === "DELETE");
    expect(deletes.map((r) => [r.url, JSON.parse(r.body)])).toEqual([
      ["/api/v1/namespaces/ns1/configmaps/x", { propagationPolicy: "Background" }],
      ["/api/v1/namespaces/prod", { propagationPolicy: "Foreground" }],
    ]);
  });

  it("retries 429 (honouring Retry-After), 503 and dropped connections on reads", async () => {
    server.script(
      "GET /api/v1/namespaces/a/configmaps",
      (_q, res) => status(res, 429, "TooManyRequests", "slow down", { "Retry-After": "0" }),
      (_q, res) => status(res, 503, "ServiceUnavailable", "try later"),
      (_q, res) => res.socket?.destroy(),
      (_q, res) => json(res, 200, { kind: "ConfigMapList", metadata: { resourceVersion: "42" }, items: [{ metadata: { name: "x" }, data: {} }] }),
    );
    const list = await client.list("v1", "ConfigMap", { namespace: "a", labelSelector: "owner=helm" });
    expect(list.metadata.resourceVersion).toBe("42");
    expect(list.items[0]).toMatchObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } });
    const lists = server.seen.filter((r) => r.url.startsWith("/api/v1/namespaces/a/configmaps"));
    expect(lists).toHaveLength(4);
    expect(new URL(lists[0]!.url, server.url).searchParams.get("labelSelector")).toBe("owner=helm");
  });

  it("does not repeat a POST whose connection dropped (it may have been applied)", async () => {
    server.script("POST /api/v1/namespaces/team-a/configmaps", (_q, res) => res.socket?.destroy());
    await expect(client.create(cm)).rejects.toMatchObject({ name: "KubeConnectionError" });
    expect(server.seen.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("keeps one connection alive for reads and repeatable writes; a POST gets a connection of its own", async () => {
    const path = "/api/v1/namespaces/team-a/configmaps/demo-config";
    const live = { ...cm, metadata: { name: "demo-config", namespace: "team-a", resourceVersion: "3" } };
    server.always(`GET ${path}`, (_q, res) => json(res, 200, live));
    server.always(`PUT ${path}`, (_q, res) => json(res, 200, live));
    server.always(`PATCH ${path}`, (_q, res) => json(res, 200, live));
    server.always(`DELETE ${path}`, (_q, res) => json(res, 200, live));
    server.always("POST /api/v1/namespaces/team-a/configmaps", (_q, res) => json(res, 201, live));
    for (let i = 0; i < 5; i++) {
      await client.get({ apiVersion: "v1", kind: "ConfigMap", name: "demo-config" });
      await client.replace(live);
      await client.apply(cm);
      await client.delete({ apiVersion: "v1", kind: "ConfigMap", name: "demo-config" });
    }
    expect(server.seen).toHaveLength(21); // discovery + 20
    expect(server.connections).toBe(1);
    await client.create(cm);
    await client.create(cm);
    expect(server.connections).toBe(3);
  });

  it("watches over HTTP: one event per line, and a refused watch keeps the server's Status (410 Expired)", async () => {
    const watchPath = "/api/v1/namespaces/team-a/configmaps";
    server.script(
      `GET ${watchPath}`,
      (_q, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        const event = (type: string, rv: string) => JSON.stringify({ type, object: { ...cm, metadata: { name: "demo-config", resourceVersion: rv } } }) + "\n";
        // An event split across two chunks, then two in one chunk.
        const first = event("ADDED", "5");
        res.write(first.slice(0, 10));
        setTimeout(() => res.end(first.slice(10) + event("MODIFIED", "6") + event("DELETED", "7")), 20);
      },
      (_q, res) => status(res, 410, "Expired", "too old resource version: 5 (9)"),
    );
    const seen: string[] = [];
    const group = { apiVersion: "v1", kind: "ConfigMap", namespace: "team-a" };
    await client.watchGroup(group, "4", (e) => seen.push(`${e.type} ${e.object.metadata.resourceVersion}`), new AbortController().signal);
    expect(seen).toEqual(["ADDED 5", "MODIFIED 6", "DELETED 7"]);
    const query = new URL(server.seen.at(-1)!.url, server.url).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({ watch: "true", resourceVersion: "4", allowWatchBookmarks: "true" });
    await expect(client.watchGroup(group, "5", () => undefined, new AbortController().signal)).rejects.toMatchObject({
      name: "KubeApiError",
      code: 410,
      reason: "Expired",
      message: "too old resource version: 5 (9)",
    });
  });

  it("maps AlreadyExists and Conflict statuses to typed errors", async () => {
    server.script("POST /api/v1/namespaces/team-a/configmaps", (_q, res) => status(res, 409, "AlreadyExists", 'configmaps "demo-config" already exists'));
    await expect(client.create(cm)).rejects.toMatchObject({ code: 409, reason: "AlreadyExists", message: 'configmaps "demo-config" already exists' });
  });

  it("bounds every call: a stalled server fails at the deadline", async () => {
    server.script("GET /api/v1/namespaces/a/configmaps/slow", () => undefined);
    const started = Date.now();
    await expect(
      client.get({ apiVersion: "v1", kind: "ConfigMap", name: "slow", namespace: "a" }, { deadline: Date.now() + 200 }),
    ).rejects.toMatchObject({ name: "KubeTimeoutError" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reports an unknown kind the way kubectl does", async () => {
    await expect(client.get({ apiVersion: "v1", kind: "Widget", name: "w" })).rejects.toThrow('no matches for kind "Widget" in version "v1"');
  });

  it("client-side update: POST when missing, strategic merge patch when changed, nothing when equal", async () => {
    const live = { ...cm, metadata: { name: "demo-config", namespace: "team-a", resourceVersion: "3" } };
    server.script("GET /api/v1/namespaces/team-a/configmaps/demo-config", (_q, res) => status(res, 404, "NotFound", "nope"), (_q, res) => json(res, 200, live), (_q, res) => json(res, 200, live));
    server.script("POST /api/v1/namespaces/team-a/configmaps", (q, res) => json(res, 201, JSON.parse(q.body)));
    server.script("PATCH /api/v1/namespaces/team-a/configmaps/demo-config", (_q, res) => json(res, 200, live));
    expect((await client.updateClientSide(undefined, cm)).action).toBe("created");
    const changed = { ...cm, data: { message: "world" } };
    const patched = await client.updateClientSide(cm, changed);
    expect(patched.action).toBe("patched");
    const patchReq = server.seen.find((r) => r.method === "PATCH")!;
    expect(patchReq.headers["content-type"]).toBe("application/strategic-merge-patch+json");
    expect(JSON.parse(patchReq.body)).toEqual({ data: { message: "world" } });
    expect(new URL(patchReq.url, server.url).searchParams.get("fieldManager")).toBe("helm");
    expect((await client.updateClientSide(cm, cm)).action).toBe("unchanged");
    expect(server.seen.filter((r) => r.method === "PATCH")).toHaveLength(1);
  });

  it("hands client-side field ownership to server-side apply with a guarded JSON patch, re-reading on conflict", async () => {
    const withFields = (rv: string) => ({
      ...cm,
      metadata: {
        name: "demo-config",
        namespace: "team-a",
        resourceVersion: rv,
        managedFields: [{ manager: "helm", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:message": {} } } }],
      },
    });
    server.script("GET /api/v1/namespaces/team-a/configmaps/demo-config", (_q, res) => json(res, 200, withFields("5")), (_q, res) => json(res, 200, withFields("6")));
    server.script(
      "PATCH /api/v1/namespaces/team-a/configmaps/demo-config",
      (_q, res) => status(res, 409, "Conflict", "the object has been modified"),
      (_q, res) => json(res, 200, cm),
    );
    expect(await client.migrateToServerSideApply({ apiVersion: "v1", kind: "ConfigMap", name: "demo-config" })).toBe(true);
    const patches = server.seen.filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(2);
    expect(patches[1]!.headers["content-type"]).toBe("application/json-patch+json");
    expect(JSON.parse(patches[1]!.body)).toEqual([
      {
        op: "replace",
        path: "/metadata/managedFields",
        value: [{ manager: "helm", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:message": {} } } }],
      },
      { op: "replace", path: "/metadata/resourceVersion", value: "6" },
    ]);
  });
});
