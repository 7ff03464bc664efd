/** Protobuf bodies, deletion with finalizers and propagation policies, garbage collection and namespaces. */
import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, api, eventually, startFixture } from "./support/sandbox-fixture";


let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

/** Encodes the way client-go does: `k8s\0` + runtime.Unknown{typeMeta, raw}. Zero values are written, as Go does. */
const encoder = protobuf.parse(`
syntax = "proto2";
message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
message Unknown { optional TypeMeta typeMeta = 1; optional bytes raw = 2; optional string contentEncoding = 3; optional string contentType = 4; }
message Time { optional int64 seconds = 1; optional int32 nanos = 2; }
message ObjectMeta { optional string name = 1; optional string generateName = 2; optional string namespace = 3; optional string uid = 5;
  optional string resourceVersion = 6; optional int64 generation = 7; optional Time creationTimestamp = 8; map<string,string> labels = 11; map<string,string> annotations = 12; }
message Secret { optional ObjectMeta metadata = 1; map<string,bytes> data = 2; optional string type = 3; }
message DeleteOptions { optional string propagationPolicy = 4; }
`).root;

function envelope(kind: string, apiVersion: string, message: Uint8Array): ArrayBuffer {
  const unknown = encoder.lookupType("Unknown");
  const body = unknown.encode(unknown.create({ typeMeta: { apiVersion, kind }, raw: message, contentEncoding: "", contentType: "" })).finish();
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...body]).buffer;
}

describe("protobuf request bodies", () => {
  it("decodes a release Secret sent as protobuf and keeps its data byte-exact", async () => {
    const payload = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    const secretType = encoder.lookupType("Secret");
    const secret = secretType.encode(
      secretType.create({
        metadata: { name: "sh.helm.release.v1.pb.v1", namespace: "", generateName: "", uid: "", resourceVersion: "", generation: 0, creationTimestamp: { seconds: 0, nanos: 0 }, labels: { name: "pb", owner: "helm", status: "deployed", empty: "" } },
        data: { release: payload },
        type: "helm.sh/release.v1",
      }),
    ).finish();
    const created = await fetch(`${fx.sandbox.url}/api/v1/namespaces/default/secrets`, {
      method: "POST",
      headers: { "Content-Type": "application/vnd.kubernetes.protobuf", Accept: "application/vnd.kubernetes.protobuf,application/json" },
      body: envelope("Secret", "v1", secret),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/json");
    const listed = await api(fx, "GET", "/api/v1/namespaces/default/secrets?labelSelector=name%3Dpb,owner%3Dhelm,status%3Ddeployed");
    expect(listed.body.items).toHaveLength(1);
    const stored = listed.body.items[0];
    expect(stored.type).toBe("helm.sh/release.v1");
    expect(stored.metadata.labels).toEqual({ name: "pb", owner: "helm", status: "deployed", empty: "" });
    expect(stored.metadata.namespace).toBe("default");
    expect(Buffer.from(stored.data.release, "base64").equals(payload)).toBe(true);

    const options = encoder.lookupType("DeleteOptions");
    const deleted = await fetch(`${fx.sandbox.url}/api/v1/namespaces/default/secrets/sh.helm.release.v1.pb.v1`, {
      method: "DELETE",
      headers: { "Content-Type": "application/vnd.kubernetes.protobuf" },
      body: envelope("DeleteOptions", "meta.k8s.io/v1", options.encode(options.create({})).finish()),
    });
    expect(deleted.status).toBe(200);
    expect((await api(fx, "GET", "/api/v1/namespaces/default/secrets/sh.helm.release.v1.pb.v1")).status).toBe(404);
  });
});

async function owner(name: string): Promise<Json> {
  return (await api(fx, "POST", "/api/v1/namespaces/default/configmaps", { metadata: { name } })).body;
}

async function dependent(name: string, owners: Json[]): Promise<Json> {
  const ownerReferences = owners.map((o) => ({ apiVersion: "v1", kind: "ConfigMap", name: o.metadata.name, uid: o.metadata.uid, blockOwnerDeletion: true }));
  return (await api(fx, "POST", "/api/v1/namespaces/default/secrets", { metadata: { name, ownerReferences } })).body;
}

const exists = async (kind: "configmaps" | "secrets", name: string): Promise<boolean> =>
  (await api(fx, "GET", `/api/v1/namespaces/default/${kind}/${name}`)).status === 200;

describe("deletion and garbage collection", () => {
  it("Background deletes the owner now and its dependents soon after, keeping dependents with another living owner", async () => {
    const a = await owner("bg-owner");
    const b = await owner("bg-other-owner");
    await dependent("bg-only-a", [a]);
    await dependent("bg-both", [a, b]);
    const response = await api(fx, "DELETE", "/api/v1/namespaces/default/configmaps/bg-owner", { propagationPolicy: "Background" });
    expect(response.status).toBe(200);
    expect(await exists("configmaps", "bg-owner")).toBe(false);
    await eventually(async () => ((await exists("secrets", "bg-only-a")) ? undefined : true), 5000, "dependent deletion");
    const survivor = await eventually(async () => {
      const s = await api(fx, "GET", "/api/v1/namespaces/default/secrets/bg-both");
      return s.body.metadata.ownerReferences.length === 1 ? s.body : undefined;
    });
    expect(survivor.metadata.ownerReferences[0].uid).toBe(b.metadata.uid);
  });

  it("Foreground keeps the owner, with a deletionTimestamp, until its dependents are gone", async () => {
    const a = await owner("fg-owner");
    await dependent("fg-child", [a]);
    await api(fx, "PUT", "/api/v1/namespaces/default/secrets/fg-child", {
      ...(await api(fx, "GET", "/api/v1/namespaces/default/secrets/fg-child")).body,
      metadata: { ...(await api(fx, "GET", "/api/v1/namespaces/default/secrets/fg-child")).body.metadata, finalizers: ["example.com/hold"] },
    });
    const response = await api(fx, "DELETE", "/api/v1/namespaces/default/configmaps/fg-owner", { propagationPolicy: "Foreground" });
    expect(response.status).toBe(202);
    expect(response.body.metadata.deletionTimestamp).toBeDefined();
    expect(response.body.metadata.finalizers).toContain("foregroundDeletion");
    const child = await eventually(async () => {
      const c = await api(fx, "GET", "/api/v1/namespaces/default/secrets/fg-child");
      return c.body.metadata.deletionTimestamp ? c.body : undefined;
    });
    expect(await exists("configmaps", "fg-owner")).toBe(true);
    await api(fx, "PATCH", "/api/v1/namespaces/default/secrets/fg-child", [{ op: "remove", path: "/metadata/finalizers" }], "application/json-patch+json");
    expect(child.metadata.finalizers).toEqual(["example.com/hold"]);
    await eventually(async () => ((await exists("configmaps", "fg-owner")) ? undefined : true), 5000, "owner removal");
    expect(await exists("secrets", "fg-child")).toBe(false);
  });

  it("Orphan removes the owner and strips the owner reference from dependents", async () => {
    const a = await owner("or-owner");
    await dependent("or-child", [a]);
    await api(fx, "DELETE", "/api/v1/namespaces/default/configmaps/or-owner", { propagationPolicy: "Orphan" });
    await eventually(async () => ((await exists("configmaps", "or-owner")) ? undefined : true), 5000, "owner removal");
    const child = await api(fx, "GET", "/api/v1/namespaces/default/secrets/or-child");
    expect(child.status).toBe(200);
    expect(child.body.metadata.ownerReferences).toBeUndefined();
  });

  it("gives every namespace its default ServiceAccount and root CA ConfigMap, and brings them back", async () => {
    await api(fx, "POST", "/api/v1/namespaces", { metadata: { name: "fresh" } });
    await eventually(async () => ((await api(fx, "GET", "/api/v1/namespaces/fresh/serviceaccounts/default")).status === 200 ? true : undefined));
    expect((await api(fx, "GET", "/api/v1/namespaces/fresh/configmaps/kube-root-ca.crt")).body.data["ca.crt"]).toBeDefined();
    await api(fx, "DELETE", "/api/v1/namespaces/fresh/serviceaccounts/default");
    await eventually(async () => ((await api(fx, "GET", "/api/v1/namespaces/fresh/serviceaccounts/default")).status === 200 ? true : undefined), 5000, "re-creation");
  });

  it("empties a deleted namespace before removing it, and refuses new content meanwhile", async () => {
    await api(fx, "POST", "/api/v1/namespaces", { metadata: { name: "doomed" } });
    await api(fx, "POST", "/api/v1/namespaces/doomed/configmaps", { metadata: { name: "held", finalizers: ["example.com/hold"] } });
    const deleting = await api(fx, "DELETE", "/api/v1/namespaces/doomed");
    expect(deleting.body.status.phase).toBe("Terminating");
    const refused = await api(fx, "POST", "/api/v1/namespaces/doomed/configmaps", { metadata: { name: "late" } });
    expect(refused.status).toBe(403);
    await eventually(async () => ((await api(fx, "GET", "/api/v1/namespaces/doomed/configmaps/held")).body.metadata?.deletionTimestamp ? true : undefined));
    expect((await api(fx, "GET", "/api/v1/namespaces/doomed")).status).toBe(200);
    await api(fx, "PATCH", "/api/v1/namespaces/doomed/configmaps/held", { metadata: { finalizers: null } }, "application/merge-patch+json");
    await eventually(async () => ((await api(fx, "GET", "/api/v1/namespaces/doomed")).status === 404 ? true : undefined), 5000, "namespace removal");
  });
});

describe("custom resources", () => {
  it("serves the kinds a CRD defines, in discovery and CRUD, until the CRD is deleted", async () => {
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.com" },
      spec: {
        group: "example.com",
        scope: "Namespaced",
        names: { kind: "Widget", plural: "widgets", singular: "widget", shortNames: ["wd"] },
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
      },
    };
    expect((await api(fx, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).status).toBe(201);
    const established = await eventually(async () => {
      const c = await api(fx, "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
      return (c.body.status?.conditions ?? []).some((x: Json) => x.type === "Established" && x.status === "True") ? c.body : undefined;
    });
    expect(established.status.acceptedNames.kind).toBe("Widget");
    const discovery = await api(fx, "GET", "/apis/example.com/v1");
    expect(discovery.body.resources[0]).toMatchObject({ name: "widgets", kind: "Widget", namespaced: true, shortNames: ["wd"] });
    const created = await api(fx, "POST", "/apis/example.com/v1/namespaces/default/widgets", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" }, spec: { size: 3 } });
    expect(created.status).toBe(201);
    const smp = await api(fx, "PATCH", "/apis/example.com/v1/namespaces/default/widgets/w1", { spec: { size: 4 } }, "application/strategic-merge-patch+json");
    expect(smp.status).toBe(415);
    const merged = await api(fx, "PATCH", "/apis/example.com/v1/namespaces/default/widgets/w1", { spec: { size: 4 } }, "application/merge-patch+json");
    expect(merged.body.spec.size).toBe(4);
    await api(fx, "DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
    await eventually(async () => ((await api(fx, "GET", "/apis/example.com/v1/namespaces/default/widgets/w1")).status === 404 ? true : undefined));
  });
});
