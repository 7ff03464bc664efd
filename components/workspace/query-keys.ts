/** TanStack Query keys of the chart workspace, in one factory so that mutations invalidate by key. */
export const chartKeys = {
  all: ["charts"] as const,
  chart: (chartId: string) => [...chartKeys.all, chartId] as const,
  history: (chartId: string, path: string) => [...chartKeys.chart(chartId), "history", path] as const,
};
