/**
 * Hand-over of field ownership from client-side to server-side apply. helm 4 runs this before the first
 * server-side apply of an object that an earlier revision updated client-side: the field manager's `Update`
 * entries are folded into an `Apply` entry, so the apply then owns (and can prune) what the old updates set.
 * Same transformation as client-go's csaupgrade, written as a JSON patch guarded by the resourceVersion.
 */

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export type JsonPatchOperation = { op: "replace" | "add" | "remove" | "test"; path: string; value?: unknown };

const isCsaEntry = (entry: ManagedFieldsEntry, manager: string) =>
  entry.manager === manager && entry.operation === "Update" && !entry.subresource;

/** Union of two field sets in the FieldsV1 trie form ({"f:spec": {"f:replicas": {}}}). */
export function unionFieldSets(a: Record<string, unknown> = {}, b: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] =
      typeof existing === "object" && existing !== null && typeof value === "object" && value !== null
        ? unionFieldSets(existing as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

/**
 * The managedFields after the hand-over, or undefined when there is nothing to convert. The most recent Update
 * entry of `csaManager` becomes (or is merged into) the `ssaManager` Apply entry; other Update entries of that
 * manager are dropped; entries of other managers are kept as they are.
 */
export function upgradeManagedFields(entries: ManagedFieldsEntry[], csaManager: string, ssaManager: string): ManagedFieldsEntry[] | undefined {
  const fields = entries.map((e) => ({ ...e }));
  let target = fields.findIndex((e) => e.manager === ssaManager && e.operation === "Apply" && !e.subresource);
  if (target < 0) {
    target = fields.findIndex((e) => isCsaEntry(e, csaManager));
    if (target < 0) return undefined;
    fields[target] = { ...fields[target], manager: ssaManager, operation: "Apply" };
  }
  const apply = fields[target]!;
  const sameVersionUpdate = fields.find((e, i) => i !== target && isCsaEntry(e, csaManager) && e.apiVersion === apply.apiVersion);
  if (sameVersionUpdate) fields[target] = { ...apply, fieldsV1: unionFieldSets(apply.fieldsV1, sameVersionUpdate.fieldsV1) };
  const kept = fields.filter((e, i) => i === target || !isCsaEntry(e, csaManager));
  return kept;
}

/** JSON patch applying the hand-over to `object`; undefined when nothing changes. */
export function upgradeManagedFieldsPatch(
  object: { metadata?: { managedFields?: ManagedFieldsEntry[]; resourceVersion?: string } },
  csaManager: string,
  ssaManager: string,
): JsonPatchOperation[] | undefined {
  const before = object.metadata?.managedFields ?? [];
  const after = upgradeManagedFields(before, csaManager, ssaManager);
  if (!after || JSON.stringify(after) === JSON.stringify(before)) return undefined;
  return [
    // An empty list would mean "leave managedFields alone" to the server; one empty entry clears them.
    { op: "replace", path: "/metadata/managedFields", value: after.length > 0 ? after : [{}] },
    // Replacing resourceVersion with the value we read makes the patch fail with a conflict if someone wrote since.
    { op: "replace", path: "/metadata/resourceVersion", value: object.metadata?.resourceVersion ?? "" },
  ];
}
