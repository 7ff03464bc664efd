/**
 * `metadata.managedFields` in Kubernetes' FieldsV1 trie form (`{"f:spec": {"f:replicas": {}}}`, keyed list items
 * as `k:{"name":"web"}`, `.` for a node owned as a whole), converted to and from the sandbox's per-manager field
 * path sets. Clients read them to see who owns what, and helm and kubectl rewrite them when handing fields from
 * client-side to server-side apply.
 */
import { type FieldPath, decodePath, encodePath } from "./field-paths";
import type { FieldManagerRecord } from "./server-side-apply";

type Trie = { [key: string]: Trie };

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Trie;
  subresource?: string;
}

function segmentKey(segment: FieldPath[number]): string {
  return typeof segment === "string" ? `f:${segment}` : `k:${JSON.stringify(segment)}`;
}

export function toFieldsV1(fields: string[]): Trie {
  const root: Trie = {};
  const owned: Trie[] = [];
  for (const encoded of fields) {
    let node = root;
    for (const segment of decodePath(encoded)) node = node[segmentKey(segment)] ??= {};
    owned.push(node);
  }
  // A node owned itself and also holding owned children (keyed list items always) is marked with ".".
  for (const node of owned) if (Object.keys(node).some((k) => k !== ".")) node["."] = {};
  for (const encoded of fields) {
    const path = decodePath(encoded);
    if (typeof path[path.length - 1] !== "string") {
      let node = root;
      for (const segment of path) node = node[segmentKey(segment)];
      node["."] = {};
    }
  }
  return root;
}

export function fromFieldsV1(trie: Trie | undefined, prefix: FieldPath = [], out: string[] = []): string[] {
  for (const [key, child] of Object.entries(trie ?? {})) {
    if (key === ".") {
      if (prefix.length > 0) out.push(encodePath(prefix));
      continue;
    }
    let segment: FieldPath[number];
    if (key.startsWith("f:")) segment = key.slice(2);
    else if (key.startsWith("k:")) {
      try {
        segment = JSON.parse(key.slice(2)) as { [k: string]: unknown };
      } catch {
        continue;
      }
    } else {
      // Set values (v:) and indices (i:) mean the enclosing list is owned as a whole.
      if (prefix.length > 0) out.push(encodePath(prefix));
      continue;
    }
    const path = [...prefix, segment];
    if (Object.keys(child ?? {}).length === 0) out.push(encodePath(path));
    else fromFieldsV1(child, path, out);
  }
  return [...new Set(out)];
}

export function toManagedFields(records: FieldManagerRecord[]): ManagedFieldsEntry[] {
  return records.map((r) => ({
    manager: r.manager,
    operation: r.operation,
    apiVersion: r.apiVersion,
    time: r.time,
    fieldsType: "FieldsV1",
    fieldsV1: toFieldsV1(r.fields),
    ...(r.subresource ? { subresource: r.subresource } : {}),
  }));
}

/** Reads managedFields a client wrote; `[{}]` (one empty entry) means "clear", as in Kubernetes. */
export function fromManagedFields(entries: ManagedFieldsEntry[]): FieldManagerRecord[] {
  return entries
    .filter((e) => e.manager)
    .map((e) => ({
      manager: String(e.manager),
      operation: e.operation === "Apply" ? "Apply" : "Update",
      apiVersion: String(e.apiVersion ?? ""),
      time: String(e.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z")),
      fields: fromFieldsV1(e.fieldsV1),
      ...(e.subresource ? { subresource: e.subresource } : {}),
    }));
}
