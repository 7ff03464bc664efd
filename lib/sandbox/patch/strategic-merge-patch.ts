/**
 * Strategic merge patch for built-in kinds, the part kubectl's and helm's client-side three-way merges produce:
 * lists of containers, env, ports, volumes… merge by key; `null` deletes; the directives `$patch` (replace, delete,
 * merge), `$setElementOrder/<list>`, `$retainKeys` and `$deleteFromPrimitiveList/<list>` are honoured.
 */
import { badRequest } from "../api/errors";
import { childPath, isPlainObject, listMergeKey } from "./list-keys";

type Json = Record<string, unknown>;

const SET_ORDER = "$setElementOrder/";
const DELETE_PRIMITIVES = "$deleteFromPrimitiveList/";

export function applyStrategicMergePatch(original: Json, patch: Json): Json {
  const merged = mergeMap(original, patch, "");
  if (merged === undefined) throw badRequest("a strategic merge patch cannot delete the whole object");
  return merged;
}

/** Merges `patch` into the map at dotted `path` (list items written as `[]`). */
function mergeMap(original: Json | undefined, patch: Json, path: string): Json | undefined {
  const directive = patch.$patch;
  if (directive === "delete") return undefined;
  if (directive === "replace") return stripDirectives(patch) as Json;
  const result: Json = isPlainObject(original) ? { ...original } : {};
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key === "$retainKeys") continue;
    if (key.startsWith(SET_ORDER)) {
      orders.push([key.slice(SET_ORDER.length), Array.isArray(value) ? value : []]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVES)) {
      const field = key.slice(DELETE_PRIMITIVES.length);
      const doomed = Array.isArray(value) ? value : [];
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((item) => !doomed.includes(item));
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      const child = mergeMap(isPlainObject(result[key]) ? (result[key] as Json) : undefined, value, childPath(path, key));
      if (child === undefined) delete result[key];
      else result[key] = child;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(path, key, Array.isArray(result[key]) ? (result[key] as unknown[]) : [], value);
    } else {
      result[key] = value;
    }
  }
  for (const [field, order] of orders) {
    if (Array.isArray(result[field])) result[field] = applyOrder(path, field, result[field] as unknown[], order);
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}

function mergeList(parentPath: string, field: string, original: unknown[], patch: unknown[]): unknown[] {
  if (patch.some((item) => isPlainObject(item) && item.$patch === "replace")) {
    return patch.filter((item) => !(isPlainObject(item) && item.$patch === "replace")).map(stripDirectives);
  }
  const key = listMergeKey(parentPath, field, [...original, ...patch], true);
  if (!key) return patch.map(stripDirectives);
  const result = [...original] as Json[];
  for (const item of patch as Json[]) {
    const index = result.findIndex((existing) => existing[key] === item[key]);
    if (item.$patch === "delete") {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = mergeMap(result[index], item, `${childPath(parentPath, field)}[]`) ?? result[index];
    else result.push(stripDirectives(item) as Json);
  }
  return result;
}

/** `$setElementOrder` lists the final order by merge key (or by value for primitive lists). */
function applyOrder(parentPath: string, field: string, items: unknown[], order: unknown[]): unknown[] {
  const key = listMergeKey(parentPath, field, items, true);
  const identity = (item: unknown): unknown => (key && isPlainObject(item) ? item[key] : item);
  const wanted = order.map((o) => (key && isPlainObject(o) ? o[key] : o));
  const rank = (item: unknown): number => {
    const i = wanted.findIndex((w) => w === identity(item));
    return i < 0 ? wanted.length : i;
  };
  return [...items].sort((a, b) => rank(a) - rank(b));
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const result: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVES)) continue;
    result[k] = stripDirectives(v);
  }
  return result;
}
