/**
 * Which lists of built-in kinds merge item by item, and by which key: the `patchMergeKey` table Hookline's cluster
 * client already keeps (lib/kube/patch-meta), so client and sandbox agree. Lists in custom resources are atomic.
 * Strategic merge patch and server-side apply both ask here.
 */
import { mergeKeyFor } from "@/lib/kube/patch-meta";

export { deepEqual } from "@/lib/kube/strategic-merge";

type Json = Record<string, unknown>;

/**
 * The merge key for the list stored under `field`, whose parent object sits at the dotted `parentPath` (list items
 * written as `[]`, e.g. `spec.template.spec.containers[]`), or undefined when the list is replaced whole.
 */
export function listMergeKey(parentPath: string, field: string, items: unknown[], builtin: boolean): string | undefined {
  if (!builtin) return undefined;
  if (!items.every((item) => item !== null && typeof item === "object" && !Array.isArray(item))) return undefined;
  return mergeKeyFor(parentPath, field);
}

/** Extends a dotted path with a field name. */
export function childPath(parentPath: string, field: string): string {
  return parentPath ? `${parentPath}.${field}` : field;
}

export function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
