/** Client-side → server-side apply hand-over of managed fields (what helm 4 does before the first SSA). */
import { describe, expect, it } from "vitest";
import { upgradeManagedFields, upgradeManagedFieldsPatch, type ManagedFieldsEntry } from "@/lib/kube/managed-fields";

const update = (fields: Record<string, unknown>, apiVersion = "v1", manager = "helm"): ManagedFieldsEntry => ({
  manager,
  operation: "Update",
  apiVersion,
  fieldsType: "FieldsV1",
  fieldsV1: fields,
});

describe("upgradeManagedFields", () => {
  it("turns helm's Update entry into an Apply entry and keeps other managers", () => {
    const entries = [update({ "f:data": { "f:a": {} } }), update({ "f:metadata": { "f:labels": {} } }, "v1", "kubectl-edit")];
    expect(upgradeManagedFields(entries, "helm", "helm")).toEqual([
      { ...entries[0], operation: "Apply" },
      entries[1],
    ]);
  });

  it("merges the Update fields into an existing Apply entry and drops every Update entry of that manager", () => {
    const apply: ManagedFieldsEntry = { manager: "helm", operation: "Apply", apiVersion: "v1", fieldsV1: { "f:data": { "f:b": {} } } };
    const result = upgradeManagedFields([apply, update({ "f:data": { "f:a": {} } }), update({ "f:x": {} }, "v2")], "helm", "helm");
    expect(result).toEqual([{ ...apply, fieldsV1: { "f:data": { "f:b": {}, "f:a": {} } } }]);
  });

  it("leaves objects without client-side ownership alone", () => {
    expect(upgradeManagedFields([update({}, "v1", "kube-controller-manager")], "helm", "helm")).toBeUndefined();
    expect(upgradeManagedFieldsPatch({ metadata: { resourceVersion: "5" } }, "helm", "helm")).toBeUndefined();
    const status = { ...update({ "f:status": {} }), subresource: "status" };
    expect(upgradeManagedFields([status], "helm", "helm")).toBeUndefined();
  });

  it("produces a JSON patch guarded by the resourceVersion read", () => {
    const patch = upgradeManagedFieldsPatch({ metadata: { resourceVersion: "42", managedFields: [update({ "f:data": {} })] } }, "helm", "helm");
    expect(patch).toEqual([
      { op: "replace", path: "/metadata/managedFields", value: [{ ...update({ "f:data": {} }), operation: "Apply" }] },
      { op: "replace", path: "/metadata/resourceVersion", value: "42" },
    ]);
  });
});
