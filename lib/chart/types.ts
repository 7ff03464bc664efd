/**
 * The loaded chart model. Field names of `ChartMetadata` are Go's (`Name`, `APIVersion`, …) because templates
 * read them through `.Chart` exactly as helm exposes Chart.yaml; everything else is plain data with no Node
 * dependency, so the browser editor can hold charts too.
 */
import type { GoMap, GoValue } from "@/lib/template/value";

/** A dependency entry of Chart.yaml (or requirements.yaml for apiVersion v1 charts). */
export interface ChartDependency {
  Name: string;
  Version: string;
  Repository: string;
  Condition: string;
  Tags: string[];
  Enabled: boolean;
  /** Raw import-values entries: strings (`exports.<name>`) or `{child, parent}` tables. */
  ImportValues: GoValue[];
  Alias: string;
}

export interface ChartMaintainer {
  Name: string;
  Email: string;
  URL: string;
}

/** Chart.yaml, with helm's Go field names. Absent strings are "", absent lists are empty. */
export interface ChartMetadata {
  Name: string;
  Home: string;
  Sources: string[];
  Version: string;
  Description: string;
  Keywords: string[];
  Maintainers: ChartMaintainer[];
  Icon: string;
  APIVersion: string;
  Condition: string;
  Tags: string;
  AppVersion: string;
  Deprecated: boolean;
  /** null when Chart.yaml has no annotations (helm keeps a nil map: `toJson` prints null). */
  Annotations: Record<string, string> | null;
  KubeVersion: string;
  Dependencies: ChartDependency[];
  Type: string;
}

/** Chart.lock / requirements.lock. */
export interface ChartLock {
  generated: string;
  digest: string;
  dependencies: Array<{ name: string; version: string; repository: string }>;
}

/** A file of the chart, path relative to the chart root with forward slashes. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

export interface Chart {
  metadata: ChartMetadata;
  lock: ChartLock | null;
  /** Files under templates/, in load order. */
  templates: ChartFile[];
  /** Every other file that `.Files` can see (see files-visibility in loader). */
  files: ChartFile[];
  /** Every loaded file, including Chart.yaml, values.yaml, templates. */
  raw: ChartFile[];
  /** Default values from values.yaml (an empty map when absent). */
  values: GoMap;
  /** values.schema.json bytes, or null. */
  schema: Uint8Array | null;
  /** Loaded subcharts (from charts/), sorted by directory name for determinism. */
  dependencies: Chart[];
  /** The chart this one is a dependency of; null for the root chart. */
  parent: Chart | null;
}

export function chartName(chart: Chart): string {
  return chart.metadata.Name;
}

export function isRootChart(chart: Chart): boolean {
  return chart.parent === null;
}

/** The chart's path as helm names templates: `root/charts/sub/charts/subsub`. */
export function chartFullPath(chart: Chart): string {
  return chart.parent ? `${chartFullPath(chart.parent)}/charts/${chart.metadata.Name}` : chart.metadata.Name;
}
