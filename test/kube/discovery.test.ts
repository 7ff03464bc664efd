/** REST mapping from discovery: paths, scope, caching and refresh on a miss. */
import { describe, expect, it } from "vitest";
import { NoKindMatchError, RestMapper, resourcePath, type ApiResourceList } from "@/lib/kube/discovery";

const CORE: ApiResourceList = {
  groupVersion: "v1",
  resources: [
    { name: "pods", kind: "Pod", namespaced: true, verbs: ["get", "list"] },
    { name: "pods/log", kind: "Pod", namespaced: true },
    { name: "namespaces", kind: "Namespace", namespaced: false },
    { name: "secrets", kind: "Secret", namespaced: true },
  ],
};

describe("RestMapper", () => {
  it("maps kinds to resources and scope, skipping sub-resources, and builds paths", async () => {
    const mapper = new RestMapper(async (gv) => (gv === "v1" ? CORE : undefined));
    const pod = await mapper.mapping("v1", "Pod");
    expect(pod).toMatchObject({ group: "", version: "v1", resource: "pods", namespaced: true });
    expect(resourcePath({ mapping: pod, namespace: "ns", name: "p1" })).toBe("/api/v1/namespaces/ns/pods/p1");
    expect(resourcePath({ mapping: pod, namespace: "ns", name: "p1", subresource: "log" })).toBe("/api/v1/namespaces/ns/pods/p1/log");
    const ns = await mapper.mapping("v1", "Namespace");
    expect(resourcePath({ mapping: ns, namespace: "ignored", name: "prod" })).toBe("/api/v1/namespaces/prod");
  });

  it("builds group paths", async () => {
    const mapper = new RestMapper(async () => ({ resources: [{ name: "deployments", kind: "Deployment", namespaced: true }] }));
    const d = await mapper.mapping("apps/v1", "Deployment");
    expect(d).toMatchObject({ group: "apps", version: "v1" });
    expect(resourcePath({ mapping: d, namespace: "a" })).toBe("/apis/apps/v1/namespaces/a/deployments");
  });

  it("caches per group/version and refetches once on a miss (a CRD installed later)", async () => {
    const served: ApiResourceList = { resources: [{ name: "widgets", kind: "Widget", namespaced: true }] };
    const fetched: string[] = [];
    const mapper = new RestMapper(async (gv) => {
      fetched.push(gv);
      return served;
    });
    await mapper.mapping("example.com/v1", "Widget");
    await mapper.mapping("example.com/v1", "Widget");
    expect(fetched).toEqual(["example.com/v1"]);

    served.resources.push({ name: "gadgets", kind: "Gadget", namespaced: false });
    expect((await mapper.mapping("example.com/v1", "Gadget")).namespaced).toBe(false);
    expect(fetched).toEqual(["example.com/v1", "example.com/v1"]);

    await expect(mapper.mapping("example.com/v1", "Nope")).rejects.toBeInstanceOf(NoKindMatchError);
    await expect(mapper.mapping("example.com/v1", "Nope")).rejects.toThrow('no matches for kind "Nope" in version "example.com/v1"');
  });

  it("does not cache failures", async () => {
    let fail = true;
    const mapper = new RestMapper(async () => {
      if (fail) throw new Error("boom");
      return CORE;
    });
    await expect(mapper.mapping("v1", "Pod")).rejects.toThrow("boom");
    fail = false;
    expect((await mapper.mapping("v1", "Pod")).resource).toBe("pods");
  });
});
