/** TanStack Query keys of the chart workspace, in one factory so that mutations invalidate by key. */
export interface DiffTarget {
  context?: string;
  namespace: string;
  releaseName: string;
}

export const chartKeys = {
  all: ["charts"] as const,
  chart: (chartId: string) => [...chartKeys.all, chartId] as const,
  history: (chartId: string, path: string) => [...chartKeys.chart(chartId), "history", path] as const,
  /** The draft (by its fingerprint) against a deployed release, for the Diff tab. */
  draftDiff: (chartId: string, target: DiffTarget, draft: string) => [...chartKeys.chart(chartId), "diff", target.context ?? "", target.namespace, target.releaseName, draft] as const,
};
