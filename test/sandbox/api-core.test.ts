/** The API server core over real HTTP: discovery, OpenAPI, CRUD, Status errors, selectors, versions and patches. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, api, startFixture } from "./support/sandbox-fixture";


let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

describe("discovery and OpenAPI", () => {
  it("answers /version as Kubernetes 1.35", async () => {
    const { status, body } = await api(fx, "GET", "/version");
    expect(status).toBe(200);
    expect(body).toMatchObject({ major: "1", minor: "35", gitVersion: expect.stringMatching(/^v1\.35\./) });
  });

  it("serves aggregated discovery when asked and legacy discovery otherwise", async () => {
    const aggregated = await fetch(`${fx.sandbox.url}/apis`, {
      headers: { Accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" },
    });
    expect(aggregated.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    const list = (await aggregated.json()) as Json;
    const apps = list.items.find((g: Json) => g.metadata.name === "apps");
    const deployments = apps.versions[0].resources.find((r: Json) => r.resource === "deployments");
    expect(deployments).toMatchObject({ scope: "Namespaced", responseKind: { group: "apps", version: "v1", kind: "Deployment" }, categories: ["all"] });

    const legacy = await api(fx, "GET", "/apis");
    expect(legacy.body.kind).toBe("APIGroupList");
    const core = await api(fx, "GET", "/api/v1");
    const names = core.body.resources.map((r: Json) => r.name);
    expect(names).toEqual(expect.arrayContaining(["pods", "pods/log", "secrets", "namespaces", "configmaps", "services"]));
  });

  it("advertises a PATCH with fieldValidation for every kind, so clients skip client-side validation", async () => {
    const root = await api(fx, "GET", "/openapi/v3");
    const batchUrl = root.body.paths["apis/batch/v1"].serverRelativeURL as string;
    expect(batchUrl).toMatch(/^\/openapi\/v3\/apis\/batch\/v1\?hash=/);
    const doc = await api(fx, "GET", batchUrl);
    const jobPath = doc.body.paths["/apis/batch/v1/namespaces/{namespace}/jobs/{name}"];
    expect(jobPath.patch["x-kubernetes-group-version-kind"]).toEqual({ group: "batch", version: "v1", kind: "Job" });
    expect(jobPath.patch.parameters).toContainEqual(expect.objectContaining({ name: "fieldValidation", in: "query" }));
    const v2 = await fetch(`${fx.sandbox.url}/openapi/v2`, { headers: { Accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" } });
    expect(v2.headers.get("content-type")).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  });
});

describe("CRUD and Status errors", () => {
  it("creates with server-owned metadata and answers 409 AlreadyExists on a second create", async () => {
    const created = await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "crud" }, data: { a: "1" } });
    expect(created.status).toBe(201);
    const meta = created.body.metadata;
    expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(meta.resourceVersion)).toBeGreaterThan(0);
    const again = await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "crud" } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure",
      message: 'configmaps "crud" already exists', reason: "AlreadyExists", details: { name: "crud", kind: "configmaps" }, code: 409,
    });
  });

  it("answers 404 NotFound with the group-qualified resource", async () => {
    const missing = await api(fx, "GET", "/apis/apps/v1/namespaces/default/deployments/nope");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ reason: "NotFound", message: 'deployments.apps "nope" not found', details: { name: "nope", group: "apps", kind: "deployments" } });
    const noNamespace = await api(fx, "POST", "/api/v1/namespaces/ghost/configmaps", { metadata: { name: "x" } });
    expect(noNamespace.status).toBe(404);
    expect(noNamespace.body.message).toBe('namespaces "ghost" not found');
  });

  it("answers 422 Invalid for a bad name and 409 Conflict for a stale resourceVersion", async () => {
    const bad = await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "Not_Valid" } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ reason: "Invalid", details: { kind: "ConfigMap", causes: [{ reason: "FieldValueInvalid", field: "metadata.name" }] } });
    expect(bad.body.message).toMatch(/^ConfigMap "Not_Valid" is invalid: metadata\.name: Invalid value: "Not_Valid"/);

    const created = await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "stale" }, data: { v: "1" } });
    const first = await api(fx, "PUT", "/api/v1/namespaces/default/configmaps/stale", { ...created.body, data: { v: "2" } });
    expect(first.status).toBe(200);
    const stale = await api(fx, "PUT", "/api/v1/namespaces/default/configmaps/stale", { ...created.body, data: { v: "3" } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe("Conflict");
    expect(stale.body.message).toContain("the object has been modified");
  });

  it("keeps one cluster-wide resourceVersion, bumps generation only on spec changes and honours generateName and dryRun", async () => {
    const a = await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { generateName: "gen-" } });
    expect(a.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    const b = await api(fx, "POST", "/api/v1/namespaces/default/serviceaccounts", { metadata: { name: "rv" } });
    expect(Number(b.body.metadata.resourceVersion)).toBeGreaterThan(Number(a.body.metadata.resourceVersion));

    const dep = { metadata: { name: "gen", labels: { a: "1" } }, spec: { replicas: 0, selector: { matchLabels: { app: "gen" } }, template: { metadata: { labels: { app: "gen" } }, spec: { containers: [{ name: "c", image: "x:1" }] } } } };
    const created = await api(fx, "POST", "/apis/apps/v1/namespaces/default/deployments", dep);
    expect(created.body.metadata.generation).toBe(1);
    expect(created.body.spec.progressDeadlineSeconds).toBe(600);
    const labelOnly = await api(fx, "PATCH", "/apis/apps/v1/namespaces/default/deployments/gen", { metadata: { labels: { a: "2" } } }, "application/merge-patch+json");
    expect(labelOnly.body.metadata.generation).toBe(1);
    const specChange = await api(fx, "PATCH", "/apis/apps/v1/namespaces/default/deployments/gen", { spec: { replicas: 3 } }, "application/merge-patch+json");
    expect(specChange.body.metadata.generation).toBe(2);

    const dry = await api(fx, "POST", "/api/v1/namespaces/default/configmaps?dryRun=All", { metadata: { name: "dry" } });
    expect(dry.status).toBe(201);
    expect((await api(fx, "GET", "/api/v1/namespaces/default/configmaps/dry")).status).toBe(404);
  });

  it("filters lists with label and field selectors and lists across namespaces", async () => {
    for (const [name, tier] of [["sel-a", "web"], ["sel-b", "db"], ["sel-c", "cache"]]) {
      await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name, labels: { tier, group: "sel" } } });
    }
    const names = async (query: string) =>
      ((await api(fx, "GET", `/api/v1/namespaces/default/configmaps?${query}`)).body.items as Json[]).map((i) => i.metadata.name).sort();
    expect(await names("labelSelector=tier=web")).toEqual(["sel-a"]);
    expect(await names("labelSelector=group=sel,tier!=web")).toEqual(["sel-b", "sel-c"]);
    expect(await names(`labelSelector=${encodeURIComponent("tier in (db,cache)")}`)).toEqual(["sel-b", "sel-c"]);
    expect(await names(`labelSelector=${encodeURIComponent("group,tier notin (db)")}`)).toEqual(["sel-a", "sel-c"]);
    expect(await names("labelSelector=!group&fieldSelector=metadata.name=crud")).toEqual(["crud"]);
    const all = await api(fx, "GET", "/api/v1/configmaps?labelSelector=group%3Dsel");
    expect(all.body.kind).toBe("ConfigMapList");
    expect(all.body.items).toHaveLength(3);
    expect(Number(all.body.metadata.resourceVersion)).toBeGreaterThan(0);
    const firstPage = await api(fx, "GET", "/api/v1/namespaces/default/configmaps?labelSelector=group%3Dsel&limit=2");
    expect(firstPage.body.items.map((i: Json) => i.metadata.name)).toEqual(["sel-a", "sel-b"]);
    expect(firstPage.body.metadata.remainingItemCount).toBe(1);
    const secondPage = await api(fx, "GET", `/api/v1/namespaces/default/configmaps?labelSelector=group%3Dsel&limit=2&continue=${firstPage.body.metadata.continue}`);
    expect(secondPage.body.items.map((i: Json) => i.metadata.name)).toEqual(["sel-c"]);
    expect(secondPage.body.metadata.continue).toBeUndefined();
    expect((await api(fx, "GET", "/api/v1/namespaces/default/configmaps?limit=2&continue=garbage")).status).toBe(400);
    const empty = await api(fx, "GET", "/api/v1/namespaces/nowhere/secrets");
    expect(empty.status).toBe(200);
    expect(empty.body.items).toEqual([]);
  });
});

describe("patches", () => {
  const deployment = {
    metadata: { name: "patched" },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: "p" } },
      template: {
        metadata: { labels: { app: "p" } },
        spec: { containers: [{ name: "web", image: "nginx:1", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }], ports: [{ containerPort: 80 }] }, { name: "side", image: "busybox" }] },
      },
    },
  };

  it("applies JSON patch and merge patch", async () => {
    await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "jp" }, data: { a: "1", b: "2" } });
    const jp = await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/jp", [{ op: "replace", path: "/data/a", value: "x" }, { op: "remove", path: "/data/b" }], "application/json-patch+json");
    expect(jp.body.data).toEqual({ a: "x" });
    const failedTest = await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/jp", [{ op: "test", path: "/data/a", value: "nope" }], "application/json-patch+json");
    expect(failedTest.status).toBe(422);
    const mp = await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/jp", { data: { a: null, c: "3" } }, "application/merge-patch+json");
    expect(mp.body.data).toEqual({ c: "3" });
  });

  it("merges lists by key in strategic merge patches, with $patch: delete and $setElementOrder", async () => {
    await api(fx, "POST", "/apis/apps/v1/namespaces/default/deployments", deployment);
    const patch = {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "side" }, { name: "web" }],
            containers: [
              { name: "web", image: "nginx:2", env: [{ name: "B", $patch: "delete" }, { name: "C", value: "3" }] },
              { name: "side", image: "busybox:2" },
            ],
          },
        },
      },
    };
    const result = await api(fx, "PATCH", "/apis/apps/v1/namespaces/default/deployments/patched", patch, "application/strategic-merge-patch+json");
    expect(result.status).toBe(200);
    const containers = result.body.spec.template.spec.containers as Json[];
    expect(containers.map((c) => c.name)).toEqual(["side", "web"]);
    const web = containers.find((c) => c.name === "web")!;
    expect(web.image).toBe("nginx:2");
    expect(web.env).toEqual([{ name: "A", value: "1" }, { name: "C", value: "3" }]);
    expect(web.ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
    expect(result.body.metadata.generation).toBe(2);
  });

  it("server-side apply creates, removes fields the manager dropped, and reports conflicts unless forced", async () => {
    const path = "/api/v1/namespaces/default/configmaps/applied?fieldManager=tool&fieldValidation=Strict&force=false";
    const first = await api(fx, "PATCH", path, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied", labels: { l: "1" } }, data: { a: "1", b: "2" } }, "application/apply-patch+yaml");
    expect(first.status).toBe(201);
    const rv = first.body.metadata.resourceVersion;
    const same = await api(fx, "PATCH", path, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  labels: {l: '1'}\ndata: {a: '1', b: '2'}\n", "application/apply-patch+yaml");
    expect(same.status).toBe(200);
    expect(same.body.metadata.resourceVersion).toBe(rv);

    await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/applied?fieldManager=editor", { data: { c: "3" } }, "application/merge-patch+json");
    const dropped = await api(fx, "PATCH", path, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied" }, data: { a: "1" } }, "application/apply-patch+yaml");
    expect(dropped.body.data).toEqual({ a: "1", c: "3" });
    expect(dropped.body.metadata.labels).toBeUndefined();

    const conflicting = await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/applied?fieldManager=other&force=false", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied" }, data: { a: "other" } }, "application/apply-patch+yaml");
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.reason).toBe("Conflict");
    expect(conflicting.body.message).toBe('Apply failed with 1 conflict: conflict with "tool" using v1: .data.a');
    const forced = await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/applied?fieldManager=other&force=true", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied" }, data: { a: "other" } }, "application/apply-patch+yaml");
    expect(forced.status).toBe(200);
    expect(forced.body.data.a).toBe("other");
  });

  it("never lets the main resource change status, and applies cluster-scoped objects", async () => {
    const ns = await api(fx, "PATCH", "/api/v1/namespaces/applied-ns?fieldManager=helm", { apiVersion: "v1", kind: "Namespace", metadata: { name: "applied-ns", labels: { name: "applied-ns" } }, spec: {}, status: {} }, "application/apply-patch+yaml");
    expect(ns.status).toBe(201);
    expect(ns.body.status).toEqual({ phase: "Active" });
  });
});

describe("immutable fields", () => {
  it("refuses to change a Job's pod template or an immutable ConfigMap's data, as a real cluster does", async () => {
    const job = { metadata: { name: "frozen" }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox:1" }] } } } };
    await api(fx, "POST", "/apis/batch/v1/namespaces/default/jobs", job);
    const changed = await api(fx, "PATCH", "/apis/batch/v1/namespaces/default/jobs/frozen", { spec: { template: { spec: { containers: [{ name: "c", image: "busybox:2" }] } } } }, "application/strategic-merge-patch+json");
    expect(changed.status).toBe(422);
    expect(changed.body.message).toMatch(/^Job\.batch "frozen" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
    expect(changed.body.details).toMatchObject({ name: "frozen", group: "batch", kind: "Job", causes: [{ field: "spec.template" }] });

    await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name: "sealed" }, data: { a: "1" }, immutable: true });
    const edited = await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/sealed", { data: { a: "2" } }, "application/merge-patch+json");
    expect(edited.status).toBe(422);
    expect(edited.body.message).toBe('ConfigMap "sealed" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    const relabelled = await api(fx, "PATCH", "/api/v1/namespaces/default/configmaps/sealed", { metadata: { labels: { ok: "yes" } } }, "application/merge-patch+json");
    expect(relabelled.status).toBe(200);
  });
});
