/**
 * Coalescing user values over chart defaults, as helm v4.1.4's pkg/chart/common/util/coalesce.go does:
 * user values win; tables merge, scalars and lists replace; a user `null` deletes the key (when coalescing, not
 * when merging); each subchart gets its defaults under its name; `global` is copied down to every subchart.
 * Warnings (table vs scalar clashes) are reported through `warn` with helm's text.
 * Deliberate helm quirks kept: globals are copied shallowly, a null in the destination is pushed into the source
 * table before merging, and a user null only deletes a key that had a non-null default.
 */
import { GoMap, type GoValue } from "@/lib/template/value";
import { ChartError } from "./errors";
import { goSprintV } from "./go-print";
import type { Chart } from "./types";
import { deepCopy, deepCopyMap, isTable } from "./value-maps";

export type Warn = (message: string) => void;

const GLOBAL_KEY = "global";

function joinPrefix(a: string, b: string): string {
  return a === "" ? b : `${a}.${b}`;
}

/** helm's CoalesceValues: a copy of `userValues` with the chart's (and its subcharts') defaults merged under it. */
export function coalesceValues(chart: Chart, userValues: GoMap | null, warn: Warn = () => undefined): GoMap {
  const dest = userValues ? deepCopyMap(userValues) : new GoMap();
  return coalesce(chart, dest, "", false, warn);
}

/** helm's MergeValues: like coalesceValues but nulls are kept (used while processing dependencies). */
export function mergeValues(chart: Chart, userValues: GoMap | null, warn: Warn = () => undefined): GoMap {
  const dest = userValues ? deepCopyMap(userValues) : new GoMap();
  return coalesce(chart, dest, "", true, warn);
}

function coalesce(chart: Chart, dest: GoMap, prefix: string, merge: boolean, warn: Warn): GoMap {
  coalesceChartDefaults(chart, dest, prefix, merge, warn);
  return coalesceDependencies(chart, dest, prefix, merge, warn);
}

function coalesceDependencies(chart: Chart, dest: GoMap, prefix: string, merge: boolean, warn: Warn): GoMap {
  for (const sub of chart.dependencies) {
    const name = sub.metadata.Name;
    if (!dest.has(name)) {
      dest.set(name, new GoMap());
    } else if (!isTable(dest.get(name))) {
      throw new ChartError(`type mismatch on ${name}: %!t(${goTypeForPercentT(dest.get(name) as GoValue)})`);
    }
    const subValues = dest.get(name) as GoMap;
    const subPrefix = joinPrefix(prefix, chart.metadata.Name);
    copyGlobals(subValues, dest, subPrefix, warn);
    dest.set(name, coalesce(sub, subValues, subPrefix, merge, warn));
  }
  return dest;
}

function goTypeForPercentT(v: GoValue): string {
  if (typeof v === "boolean") return String(v);
  const type = v === null ? "<nil>" : typeof v === "string" ? "string" : typeof v === "number" ? "float64" : Array.isArray(v) ? "[]interface {}" : "int64";
  return v === null ? type : `${type}=${goSprintV(v)}`;
}

/** Copies the parent's `global` table into the subchart's values, parent entries winning. */
function copyGlobals(dest: GoMap, src: GoMap, prefix: string, warn: Warn): void {
  let destGlobals: GoMap;
  let srcGlobals: GoMap;
  const dg = dest.get(GLOBAL_KEY);
  if (!dest.has(GLOBAL_KEY)) destGlobals = new GoMap();
  else if (isTable(dg)) destGlobals = dg;
  else {
    warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  const sg = src.get(GLOBAL_KEY);
  if (!src.has(GLOBAL_KEY)) srcGlobals = new GoMap();
  else if (isTable(sg)) srcGlobals = sg;
  else {
    warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const [key, value] of srcGlobals) {
    if (isTable(value)) {
      // A shallow copy, as helm makes: nested tables stay shared with the parent's globals.
      const copy = new GoMap(value);
      const existing = destGlobals.get(key);
      if (!destGlobals.has(key)) {
        destGlobals.set(key, copy);
      } else if (!isTable(existing)) {
        warn(`Conflict: cannot merge map onto non-map for ${JSON.stringify(key)}. Skipping.`);
      } else {
        coalesceTables(copy, existing, joinPrefix(prefix, key), true, warn);
        destGlobals.set(key, copy);
      }
    } else if (destGlobals.has(key) && isTable(destGlobals.get(key))) {
      warn(`key ${key} is table. Skipping`);
    } else {
      destGlobals.set(key, value);
    }
  }
  dest.set(GLOBAL_KEY, destGlobals);
}

function isSubchartName(chart: Chart, key: string): boolean {
  return chart.dependencies.some((d) => d.metadata.Name === key);
}

/**
 * Merges a chart's own defaults (values.yaml) under `values`. The defaults are not copied up front, as helm does:
 * only what ends up in `values` is (coalesceDefaultsInto), which is the same result with less copying.
 */
function coalesceChartDefaults(chart: Chart, values: GoMap, prefix: string, merge: boolean, warn: Warn): void {
  const subPrefix = joinPrefix(prefix, chart.metadata.Name);
  for (const [key, defaultValue] of chart.values) {
    if (values.has(key)) {
      const userValue = values.get(key) as GoValue;
      if (userValue === null && !merge) {
        values.delete(key);
      } else if (isTable(userValue)) {
        if (!isTable(defaultValue)) {
          if (defaultValue !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const mergeHere = isSubchartName(chart, key) ? true : merge;
          coalesceDefaultsInto(userValue, defaultValue, joinPrefix(subPrefix, key), mergeHere, warn);
        }
      }
    } else {
      values.set(key, deepCopy(defaultValue));
    }
  }
}

/**
 * coalesceTables(dst, deepCopy(defaults)) without the copy: `defaults` is only read, and what dst takes from it is
 * copied. (coalesceTables first pushes dst's nulls into its source; here a null in dst is taken as the source's
 * value directly: it deletes the key when the default was not null, unless merging, and otherwise stays.)
 */
function coalesceDefaultsInto(dst: GoMap, defaults: GoMap, prefix: string, merge: boolean, warn: Warn): void {
  for (const [key, value] of defaults) {
    if (!dst.has(key)) {
      dst.set(key, deepCopy(value));
      continue;
    }
    const existing = dst.get(key) as GoValue;
    if (existing === null) {
      if (!merge && value !== null) dst.delete(key);
      continue;
    }
    const fullKey = joinPrefix(prefix, key);
    if (isTable(value)) {
      if (isTable(existing)) coalesceDefaultsInto(existing, value, fullKey, merge, warn);
      else warn(`warning: cannot overwrite table with non table for ${fullKey} (${goSprintV(value)})`);
    } else if (isTable(existing) && value !== null) {
      warn(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${goSprintV(value)})`);
    }
  }
}

/** helm's coalesceTablesFullKey: `dst` is authoritative; returns dst (or src when dst is missing). */
export function coalesceTables(dst: GoMap | null, src: GoMap | null, prefix: string, merge: boolean, warn: Warn = () => undefined): GoMap | null {
  if (src === null) return dst;
  if (dst === null) return src;
  // A null in dst deletes the key only when it overrides a real default; a null that meets no default
  // (or a null default) stays, so templates still see the key.
  const srcHadValue = new Set([...src].filter(([, v]) => v !== null).map(([k]) => k));
  for (const [key, value] of dst) {
    if (value === null) src.set(key, null);
  }
  for (const [key, value] of src) {
    const fullKey = joinPrefix(prefix, key);
    const has = dst.has(key);
    const existing = dst.get(key) as GoValue;
    if (has && !merge && existing === null && srcHadValue.has(key)) {
      dst.delete(key);
    } else if (!has) {
      dst.set(key, value);
    } else if (isTable(value)) {
      if (isTable(existing)) coalesceTables(existing, value, fullKey, merge, warn);
      else warn(`warning: cannot overwrite table with non table for ${fullKey} (${goSprintV(value)})`);
    } else if (isTable(existing) && value !== null) {
      warn(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${goSprintV(value)})`);
    }
  }
  return dst;
}
