/**
 * Client-side update patches, computed as helm does for releases applied client-side: a three-way strategic merge
 * patch for typed built-in objects (original = previous manifest, modified = new manifest, current = live object),
 * and a two-way JSON merge patch for everything else (custom resources), where the live object is ignored.
 * Three-way means: change what differs between live and new (never touching fields only others set), and delete
 * only what the previous manifest had and the new one dropped.
 */
import { mergeKeyFor } from "./patch-meta";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

function isMap(v: unknown): v is JsonMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

interface DiffMode {
  /** Skip fields present in `from` but not in `to`. */
  ignoreDeletions: boolean;
  /** Report only deletions. */
  ignoreChangesAndAdditions: boolean;
}

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function diffMaps(from: JsonMap, to: JsonMap, path: string, mode: DiffMode): JsonMap {
  const patch: JsonMap = {};
  for (const [key, toValue] of Object.entries(to)) {
    const fromValue = from[key];
    if (!(key in from)) {
      if (!mode.ignoreChangesAndAdditions) patch[key] = toValue;
      continue;
    }
    if (isMap(fromValue) && isMap(toValue)) {
      const sub = diffMaps(fromValue, toValue, childPath(path, key), mode);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (Array.isArray(fromValue) && Array.isArray(toValue)) {
      const sub = diffLists(fromValue, toValue, path, key, mode);
      if (sub !== undefined) patch[key] = sub;
    } else if (!deepEqual(fromValue, toValue) && !mode.ignoreChangesAndAdditions) {
      patch[key] = toValue;
    }
  }
  if (!mode.ignoreDeletions) {
    for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  }
  return patch;
}

function diffLists(from: Json[], to: Json[], parentPath: string, field: string, mode: DiffMode): Json[] | undefined {
  const key = mergeKeyFor(parentPath, field);
  const keyed = key !== undefined && [...from, ...to].every((e) => isMap(e) && key in e);
  if (!keyed) {
    // Atomic list: the new value replaces the old one whole.
    if (mode.ignoreChangesAndAdditions || deepEqual(from, to)) return undefined;
    return to;
  }
  const elementPath = `${childPath(parentPath, field)}[]`;
  const patch: Json[] = [];
  const fromByKey = new Map(from.map((e) => [JSON.stringify((e as JsonMap)[key]), e as JsonMap]));
  const toKeys = new Set(to.map((e) => JSON.stringify((e as JsonMap)[key])));
  for (const element of to as JsonMap[]) {
    const id = JSON.stringify(element[key]);
    const before = fromByKey.get(id);
    if (!before) {
      if (!mode.ignoreChangesAndAdditions) patch.push(element);
      continue;
    }
    const sub = diffMaps(before, element, elementPath, mode);
    if (Object.keys(sub).length > 0) patch.push({ [key]: element[key]!, ...sub });
  }
  if (!mode.ignoreDeletions) {
    for (const [id, element] of fromByKey) {
      if (!toKeys.has(id)) patch.push({ [key]: element[key]!, $patch: "delete" });
    }
  }
  return patch.length > 0 ? patch : undefined;
}

/** Combines the deletions patch and the changes patch; entries of keyed lists for the same element are merged. */
function mergePatches(a: JsonMap, b: JsonMap, path = ""): JsonMap {
  const out: JsonMap = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    if (isMap(existing) && isMap(value)) out[key] = mergePatches(existing, value, childPath(path, key));
    else if (Array.isArray(existing) && Array.isArray(value)) out[key] = mergeListPatches(existing, value, path, key);
    else out[key] = value;
  }
  return out;
}

function mergeListPatches(a: Json[], b: Json[], parentPath: string, field: string): Json[] {
  const key = mergeKeyFor(parentPath, field);
  if (key === undefined) return b;
  const elementPath = `${childPath(parentPath, field)}[]`;
  const out = [...a];
  for (const entry of b) {
    const at = isMap(entry) ? out.findIndex((e) => isMap(e) && deepEqual(e[key], entry[key])) : -1;
    if (at >= 0) out[at] = mergePatches(out[at] as JsonMap, entry as JsonMap, elementPath);
    else out.push(entry);
  }
  return out;
}

/** Fields the server owns; never part of a client-side patch. */
function withoutServerFields(obj: JsonMap): JsonMap {
  const { status: _status, ...rest } = obj;
  const metadata = isMap(rest.metadata) ? { ...rest.metadata } : undefined;
  if (metadata) {
    for (const f of ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink"]) delete metadata[f];
    rest.metadata = metadata;
  }
  return rest;
}

/**
 * The strategic merge patch turning `current` into `modified` while deleting what `original` had and `modified`
 * dropped. An empty object means nothing to do.
 */
export function threeWayStrategicMergePatch(original: object | undefined, modified: object, current: object): JsonMap {
  const mod = withoutServerFields(modified as JsonMap);
  const deltas = diffMaps(withoutServerFields(current as JsonMap), mod, "", { ignoreDeletions: true, ignoreChangesAndAdditions: false });
  const deletions = original
    ? diffMaps(withoutServerFields(original as JsonMap), mod, "", { ignoreDeletions: false, ignoreChangesAndAdditions: true })
    : {};
  return mergePatches(deletions, deltas);
}

/** RFC 7386 merge patch from `original` to `modified` (arrays replaced whole, removed keys set to null). */
export function jsonMergePatch(original: object, modified: object): JsonMap {
  const from = original as JsonMap;
  const to = modified as JsonMap;
  const patch: JsonMap = {};
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (isMap(before) && isMap(value)) {
      const sub = jsonMergePatch(before, value);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!(key in from) || !deepEqual(before, value)) {
      patch[key] = value;
    }
  }
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  return patch;
}
