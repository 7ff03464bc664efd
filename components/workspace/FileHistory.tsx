"use client";
/** The saves of the open file, newest first (the chart's draft history), read through TanStack Query. */
import { useQuery } from "@tanstack/react-query";
import { loadFileHistory } from "@/app/charts/[id]/actions";
import { chartKeys } from "./query-keys";

function when(iso: string) {
  return iso.replace("T", " ").slice(0, 19) + " UTC";
}

export function FileHistory({ chartId, path }: { chartId: string; path: string }) {
  const query = useQuery({
    queryKey: chartKeys.history(chartId, path),
    queryFn: async () => {
      const result = await loadFileHistory({ chartId, path });
      if (!result.ok) throw new Error(result.error);
      return result.revisions;
    },
  });
  return (
    <section role="region" aria-label="File history" className="rounded-lg border border-slate-200 bg-white p-3">
      <h2 className="text-sm font-medium">
        History of <span className="font-mono">{path}</span>
      </h2>
      {query.isPending && <p className="mt-1 text-xs text-slate-500">Loading history…</p>}
      {query.isError && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          Could not load the history: {query.error.message}
        </p>
      )}
      {query.data && query.data.length === 0 && <p className="mt-1 text-xs text-slate-500">Never saved (a new file).</p>}
      {query.data && query.data.length > 0 && (
        <ol className="mt-1 space-y-0.5 text-xs">
          {query.data.map((r) => (
            <li key={r.id}>
              <span className="text-slate-500">{when(r.savedAt)}</span> · {r.savedBy ?? "unknown"} · {r.deleted ? "deleted" : `${r.bytes} bytes`}
              {r.message && <span className="text-slate-600"> — {r.message}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
