/**
 * The chart stored inside a Helm release record, back as a loadable chart: helm keeps Chart.yaml's metadata, the
 * default values, the schema, the templates and the other files (base64), but not subcharts. Used to upgrade a
 * release with the chart it already runs (new values only) and to import a deployed chart into the workspace.
 */
import { stringify } from "yaml";
import { loadChartFromFileMap } from "@/lib/chart";
import type { Chart } from "@/lib/chart/types";
import type { ReleaseChart } from "@/lib/release";

function base64ToBytes(data: string | null): Uint8Array {
  if (!data) return new Uint8Array();
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The file map of a stored chart, as it would be on disk (Chart.yaml, values.yaml, values.schema.json, templates/, files). */
export function releaseChartFiles(record: ReleaseChart): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {};
  files["Chart.yaml"] = stringify(record.metadata ?? {});
  // JSON is YAML, and it keeps the stored values exactly (no re-typing of strings that look like numbers).
  files["values.yaml"] = `${JSON.stringify(record.values ?? {}, null, 2)}\n`;
  if (record.schema) files["values.schema.json"] = base64ToBytes(record.schema);
  for (const t of record.templates ?? []) files[t.name] = base64ToBytes(t.data);
  for (const f of record.files ?? []) files[f.name] = base64ToBytes(f.data);
  return files;
}

export function chartFromRelease(record: ReleaseChart): Promise<Chart> {
  return loadChartFromFileMap(releaseChartFiles(record));
}
