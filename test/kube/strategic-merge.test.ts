/** Client-side update patches as helm computes them (three-way strategic merge; two-way JSON merge for CRs). */
import { describe, expect, it } from "vitest";
import { isTypedForStrategicMerge } from "@/lib/kube/patch-meta";
import { jsonMergePatch, threeWayStrategicMergePatch } from "@/lib/kube/strategic-merge";

const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "demo-config", ...extra },
  data,
});

function deployment(containers: unknown[], annotations: Record<string, string> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { replicas: 1, template: { metadata: { annotations }, spec: { containers } } },
  };
}

describe("threeWayStrategicMergePatch", () => {
  it("sends only what changed between releases (the logged helm upgrade)", () => {
    const original = cm({ message: "hello" });
    const modified = cm({ message: "world" });
    const live = { ...cm({ message: "hello" }, { resourceVersion: "12", uid: "u1" }), status: {} };
    expect(threeWayStrategicMergePatch(original, modified, live)).toEqual({ data: { message: "world" } });
    expect(threeWayStrategicMergePatch(modified, modified, { ...live, data: { message: "world" } })).toEqual({});
  });

  it("changes a template annotation deep inside the spec", () => {
    const c = [{ name: "app", image: "nginx" }];
    const patch = threeWayStrategicMergePatch(
      deployment(c, { "checksum/config": "aaa" }),
      deployment(c, { "checksum/config": "486ea462" }),
      deployment(c, { "checksum/config": "aaa" }),
    );
    expect(patch).toEqual({ spec: { template: { metadata: { annotations: { "checksum/config": "486ea462" } } } } });
  });

  it("deletes keys the previous manifest had and the new one dropped, but keeps fields others added live", () => {
    const original = cm({ a: "1", b: "2" });
    const modified = cm({ a: "1" });
    const live = cm({ a: "1", b: "2", addedByOperator: "x" }, { annotations: { "other/owner": "y" } });
    expect(threeWayStrategicMergePatch(original, modified, live)).toEqual({ data: { b: null } });
  });

  it("restores drifted fields the manifest sets (live differs from the new manifest)", () => {
    const original = cm({ a: "1" });
    const modified = cm({ a: "1" });
    const live = cm({ a: "edited by hand" });
    expect(threeWayStrategicMergePatch(original, modified, live)).toEqual({ data: { a: "1" } });
  });

  it("merges containers and env by name, deleting removed elements with $patch", () => {
    const original = deployment([
      { name: "app", image: "app:1", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] },
      { name: "sidecar", image: "proxy:1" },
    ]);
    const modified = deployment([{ name: "app", image: "app:2", env: [{ name: "A", value: "1" }] }]);
    const live = deployment([
      { name: "app", image: "app:1", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }], terminationMessagePath: "/dev/termination-log" },
      { name: "sidecar", image: "proxy:1" },
      { name: "injected", image: "mesh:1" },
    ]);
    expect(threeWayStrategicMergePatch(original, modified, live)).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              { name: "app", env: [{ name: "B", $patch: "delete" }], image: "app:2" },
              { name: "sidecar", $patch: "delete" },
            ],
          },
        },
      },
    });
  });

  it("merges container ports by containerPort and Service ports by port; replaces atomic lists whole", () => {
    const svc = (ports: unknown[], selector: Record<string, string>) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { ports, selector, externalIPs: ["1.1.1.1"] },
    });
    const patch = threeWayStrategicMergePatch(
      svc([{ port: 80, targetPort: 8080 }], { app: "a" }),
      { ...svc([{ port: 80, targetPort: 9090 }, { port: 443 }], { app: "a" }), spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }], selector: { app: "a" }, externalIPs: ["2.2.2.2"] } },
      svc([{ port: 80, targetPort: 8080, protocol: "TCP" }], { app: "a" }),
    );
    expect(patch).toEqual({ spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }], externalIPs: ["2.2.2.2"] } });
  });

  it("creates everything when there is no previous manifest (adoption)", () => {
    expect(threeWayStrategicMergePatch(undefined, cm({ a: "1" }), cm({ b: "2" }))).toEqual({ data: { a: "1" } });
  });
});

describe("jsonMergePatch (custom resources)", () => {
  it("is two-way: previous manifest to new manifest, arrays replaced, removed keys null", () => {
    const before = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size: 1, tags: ["a"], old: true } };
    const after = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size: 2, tags: ["a", "b"] } };
    expect(jsonMergePatch(before, after)).toEqual({ spec: { size: 2, tags: ["a", "b"], old: null } });
    expect(jsonMergePatch(after, after)).toEqual({});
  });

  it("strategic merge applies to typed kinds only", () => {
    expect(isTypedForStrategicMerge("apps/v1", "Deployment")).toBe(true);
    expect(isTypedForStrategicMerge("v1", "ConfigMap")).toBe(true);
    expect(isTypedForStrategicMerge("apiextensions.k8s.io/v1", "CustomResourceDefinition")).toBe(true);
    expect(isTypedForStrategicMerge("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition")).toBe(false);
    expect(isTypedForStrategicMerge("example.com/v1", "Widget")).toBe(false);
  });
});
