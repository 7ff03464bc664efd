/**
 * A deployed release's stored chart (release.chart: metadata, templates and files as base64, values as an object,
 * schema as base64) turned back into chart files, so the workspace can import what is running. Helm does not store
 * Chart.yaml or values.yaml verbatim, nor subcharts, so those two files are re-serialised from the stored data and
 * subcharts are not recovered.
 */
import { stringify } from "yaml";
import type { ReleaseChart } from "@/lib/release/types";

function fromBase64(data: string | null): Uint8Array {
  if (!data) return new Uint8Array();
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Drops empty and null fields, which helm omits when it writes Chart.yaml. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(compact);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = compact(v);
    }
    return out;
  }
  return value;
}

export class ReleaseChartError extends Error {}

export function releaseChartFiles(chart: ReleaseChart | null | undefined): Record<string, Uint8Array> {
  if (!chart?.metadata?.name) throw new ReleaseChartError("The release does not hold a chart (no chart metadata).");
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  const { name, version, apiVersion, ...rest } = chart.metadata;
  // Key order as `helm create` writes it: apiVersion, name, version first.
  files["Chart.yaml"] = encoder.encode(stringify(compact({ apiVersion: apiVersion || "v2", name, version, ...rest })));
  files["values.yaml"] = encoder.encode(chart.values && Object.keys(chart.values).length ? stringify(chart.values) : "");
  if (chart.schema) files["values.schema.json"] = fromBase64(chart.schema);
  for (const f of [...(chart.templates ?? []), ...(chart.files ?? [])]) {
    if (!f.name || f.name.includes("..") || f.name.startsWith("/")) continue;
    files[f.name] = fromBase64(f.data);
  }
  return files;
}
