/**
 * Field paths: the unit of ownership for server-side apply. A path is a list of segments, each a field name or the
 * key of an item in a keyed list (`{ name: "web" }`). Paths are compared by their JSON encoding.
 */
import { childPath, isPlainObject, listMergeKey } from "./list-keys";

type Json = Record<string, unknown>;
export type PathSegment = string | { [key: string]: unknown };
export type FieldPath = PathSegment[];

/** Fields nobody owns: identity, bookkeeping and status (status belongs to its own sub-resource). */
const UNOWNED_TOP = new Set(["apiVersion", "kind", "status"]);
const UNOWNED_META = new Set(["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"]);

export function encodePath(path: FieldPath): string {
  return JSON.stringify(path);
}

export function decodePath(encoded: string): FieldPath {
  return JSON.parse(encoded) as FieldPath;
}

/** Every owned leaf of `object`, plus one entry per keyed-list item so that whole items can be owned and removed. */
export function leafPaths(object: Json, builtin: boolean): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(object)) {
    if (UNOWNED_TOP.has(key)) continue;
    if (key === "metadata" && isPlainObject(value)) {
      for (const [mk, mv] of Object.entries(value)) {
        if (UNOWNED_META.has(mk)) continue;
        walk(["metadata", mk], mk, mv, builtin, out);
      }
      continue;
    }
    walk([key], key, value, builtin, out);
  }
  return out;
}

/** The dotted form of a path, keyed items written as `[]`, as the merge-key table expects. */
function dottedPath(path: FieldPath): string {
  let dotted = "";
  for (const segment of path) dotted = typeof segment === "string" ? childPath(dotted, segment) : `${dotted}[]`;
  return dotted;
}

function walk(path: FieldPath, field: string, value: unknown, builtin: boolean, out: Set<string>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) walk([...path, k], k, v, builtin, out);
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    const key = listMergeKey(dottedPath(path.slice(0, -1)), field, value, builtin);
    if (key) {
      for (const item of value as Json[]) {
        const itemPath: FieldPath = [...path, { [key]: item[key] }];
        out.add(encodePath(itemPath));
        for (const [k, v] of Object.entries(item)) if (k !== key) walk([...itemPath, k], k, v, builtin, out);
      }
      return;
    }
  }
  out.add(encodePath(path));
}

function childOf(container: unknown, segment: PathSegment): unknown {
  if (typeof segment === "string") return isPlainObject(container) ? container[segment] : undefined;
  if (!Array.isArray(container)) return undefined;
  const [key, wanted] = Object.entries(segment)[0];
  return container.find((item) => isPlainObject(item) && item[key] === wanted);
}

export function valueAt(object: unknown, path: FieldPath): unknown {
  let current = object;
  for (const segment of path) {
    current = childOf(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/** Removes the field or keyed-list item at `path` from `object` (mutating it). */
export function removeAt(object: Json, path: FieldPath): void {
  let parent: unknown = object;
  for (const segment of path.slice(0, -1)) {
    parent = childOf(parent, segment);
    if (parent === undefined) return;
  }
  const last = path[path.length - 1];
  if (typeof last === "string") {
    if (isPlainObject(parent)) delete parent[last];
    return;
  }
  if (Array.isArray(parent)) {
    const [key, wanted] = Object.entries(last)[0];
    const index = parent.findIndex((item) => isPlainObject(item) && item[key] === wanted);
    if (index >= 0) parent.splice(index, 1);
  }
}

/** The dotted form Kubernetes prints in apply conflicts, e.g. `.spec.template.spec.containers[name="web"].image`. */
export function describePath(path: FieldPath): string {
  return path
    .map((segment) => {
      if (typeof segment === "string") return `.${segment}`;
      const [key, value] = Object.entries(segment)[0];
      return `[${key}=${JSON.stringify(value)}]`;
    })
    .join("");
}
