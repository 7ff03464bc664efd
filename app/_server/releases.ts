/**
 * Release summaries for the Releases page, read from the release records in the cluster (Helm's Secrets), so
 * releases installed by the helm CLI show up as well as Hookline's. One row per release: its highest revision.
 */
import type { Release } from "@/lib/release";

export interface ReleaseSummary {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  chart: string;
  chartVersion: string;
  appVersion: string;
  updated: string | null;
  description: string;
}

export interface ReleasePage {
  rows: ReleaseSummary[];
  total: number;
  page: number;
  pageSize: number;
}

function summarise(r: Release): ReleaseSummary {
  return {
    name: r.name,
    namespace: r.namespace,
    revision: r.version,
    status: r.info?.status ?? "unknown",
    chart: r.chart?.metadata?.name ?? "",
    chartVersion: r.chart?.metadata?.version ?? "",
    appVersion: r.chart?.metadata?.appVersion ?? "",
    updated: r.info?.last_deployed ?? null,
    description: r.info?.description ?? "",
  };
}

/**
 * One page of a store's releases (a store made for namespace "" reads every namespace), sorted by namespace, then
 * name; `page` counts from 1 and is clamped to the pages there are. Only the page's rows leave the server.
 */
export async function listReleases(store: { list(): Promise<Release[]> }, page: number, pageSize: number): Promise<ReleasePage> {
  const records = await store.list();
  const latest = new Map<string, Release>();
  for (const r of records) {
    const key = `${r.namespace}/${r.name}`;
    const seen = latest.get(key);
    if (!seen || seen.version < r.version) latest.set(key, r);
  }
  const rows = [...latest.values()].map(summarise).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const current = Math.max(1, Math.min(page, Math.ceil(rows.length / pageSize) || 1));
  return { rows: rows.slice((current - 1) * pageSize, current * pageSize), total: rows.length, page: current, pageSize };
}
