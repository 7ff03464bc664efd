/**
 * Server-side apply and field ownership. Each object keeps, per field manager, the set of field paths it owns and
 * whether it got them by Apply or by an ordinary write (Update). Applying:
 *  - conflicts (409) when another manager owns a field the applied config sets to a different value, unless forced;
 *  - removes fields this manager applied before but no longer sets, when nobody else owns them;
 *  - merges the applied config over the live object (maps merge, keyed lists merge by key, others replace).
 */
import { type ApplyConflictCause } from "../api/errors";
import { decodePath, describePath, leafPaths, removeAt, valueAt } from "./field-paths";
import { childPath, deepEqual, isPlainObject, listMergeKey } from "./list-keys";

type Json = Record<string, unknown>;

export interface FieldManagerRecord {
  manager: string;
  operation: "Apply" | "Update";
  subresource?: string;
  apiVersion: string;
  time: string;
  fields: string[];
}

export interface ApplyResult {
  object: Json;
  managers: FieldManagerRecord[];
}

export class ApplyConflictError extends Error {
  constructor(readonly causes: ApplyConflictCause[]) {
    super("apply conflict");
  }
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function applyConfiguration(options: {
  live: Json | undefined;
  applied: Json;
  managers: FieldManagerRecord[];
  manager: string;
  force: boolean;
  builtin: boolean;
}): ApplyResult {
  const { live, applied, manager, force, builtin } = options;
  const appliedPaths = leafPaths(applied, builtin);
  const apiVersion = String(applied.apiVersion ?? "");
  let managers = options.managers.map((m) => ({ ...m, fields: [...m.fields] }));

  if (!live) {
    return { object: applied, managers: [{ manager, operation: "Apply", apiVersion, time: now(), fields: [...appliedPaths] }] };
  }

  const causes: ApplyConflictCause[] = [];
  const stolen = new Set<string>();
  for (const other of managers) {
    if (other.manager === manager) continue;
    for (const encoded of other.fields) {
      if (!appliedPaths.has(encoded)) continue;
      const path = decodePath(encoded);
      if (deepEqual(valueAt(live, path), valueAt(applied, path))) continue;
      stolen.add(encoded);
      causes.push({
        reason: "FieldManagerConflict",
        message: `conflict with "${other.manager}" using ${other.apiVersion}`,
        field: describePath(path),
        manager: other.manager,
        apiVersion: other.apiVersion,
      });
    }
  }
  if (causes.length > 0 && !force) throw new ApplyConflictError(causes);
  if (stolen.size > 0) managers = managers.map((m) => ({ ...m, fields: m.fields.filter((f) => !stolen.has(f)) }));

  const previous = managers.find((m) => m.manager === manager && m.operation === "Apply");
  const object = structuredClone(live);
  if (previous) {
    const ownedElsewhere = new Set(managers.filter((m) => m !== previous).flatMap((m) => m.fields));
    for (const encoded of previous.fields) {
      if (appliedPaths.has(encoded) || ownedElsewhere.has(encoded)) continue;
      const path = decodePath(encoded);
      removeAt(object, path);
      pruneEmptyParents(object, applied, path);
    }
  }
  const merged = mergeApplied(object, applied, builtin, "") as Json;
  const fields = [...appliedPaths];
  // Re-applying the same configuration keeps the record as it was (and where it was), so a no-op apply changes
  // nothing at all.
  const unchanged = previous && previous.apiVersion === apiVersion && deepEqual([...previous.fields].sort(), [...fields].sort());
  const record: FieldManagerRecord = unchanged ? previous : { manager, operation: "Apply", apiVersion, time: now(), fields };
  const index = managers.findIndex((m) => m.manager === manager && m.operation === "Apply");
  if (index >= 0) managers[index] = record;
  else managers.push(record);
  return { object: merged, managers: pruneManagers(merged, managers, builtin) };
}

/** Drops maps left empty by a removal, unless the applied configuration still mentions them. */
function pruneEmptyParents(object: Json, applied: Json, path: ReturnType<typeof decodePath>): void {
  for (let length = path.length - 1; length > 0; length--) {
    const prefix = path.slice(0, length);
    const value = valueAt(object, prefix);
    if (!isPlainObject(value) || Object.keys(value).length > 0 || valueAt(applied, prefix) !== undefined) return;
    removeAt(object, prefix);
  }
}

/** Merges an applied configuration into the live value at dotted `path` (parent of `field` when a list). */
function mergeApplied(live: unknown, applied: unknown, builtin: boolean, path: string, parentPath = "", field = ""): unknown {
  if (isPlainObject(applied)) {
    const result: Json = isPlainObject(live) ? { ...live } : {};
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) delete result[key];
      else result[key] = mergeApplied(result[key], value, builtin, childPath(path, key), path, key);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const key = listMergeKey(parentPath, field, [...live, ...applied], builtin);
    if (!key) return applied;
    const result = [...live] as Json[];
    for (const item of applied as Json[]) {
      const index = result.findIndex((existing) => existing[key] === item[key]);
      if (index >= 0) result[index] = mergeApplied(result[index], item, builtin, `${path}[]`) as Json;
      else result.push(item);
    }
    return result;
  }
  return applied;
}

/**
 * Records an ordinary write (create, update, patch) by `manager`: fields whose value it changed or added become
 * its own and leave other managers; fields that no longer exist leave everyone.
 */
export function recordUpdate(options: {
  before: Json | undefined;
  after: Json;
  managers: FieldManagerRecord[];
  manager: string;
  subresource?: string;
  builtin: boolean;
}): FieldManagerRecord[] {
  const { before, after, manager, builtin, subresource } = options;
  const afterPaths = leafPaths(after, builtin);
  const changed: string[] = [];
  for (const encoded of afterPaths) {
    if (!before) {
      changed.push(encoded);
      continue;
    }
    const path = decodePath(encoded);
    if (!deepEqual(valueAt(before, path), valueAt(after, path))) changed.push(encoded);
  }
  let managers = options.managers;
  if (changed.length > 0 && subresource !== "status") {
    const taken = new Set(changed);
    managers = managers.map((m) => ({ ...m, fields: m.fields.filter((f) => !taken.has(f)) }));
    const own = managers.find((m) => m.manager === manager && m.operation === "Update");
    const apiVersion = String(after.apiVersion ?? "");
    if (own) {
      own.fields = [...new Set([...own.fields, ...changed])];
      own.time = now();
    } else managers.push({ manager, operation: "Update", apiVersion, time: now(), fields: changed });
  }
  return pruneManagers(after, managers, builtin, afterPaths);
}

function pruneManagers(object: Json, managers: FieldManagerRecord[], builtin: boolean, present = leafPaths(object, builtin)): FieldManagerRecord[] {
  return managers
    .map((m) => ({ ...m, fields: m.fields.filter((f) => present.has(f)) }))
    .filter((m) => m.fields.length > 0 || m.operation === "Apply");
}

