"use client";

import { useQuery } from "@tanstack/react-query";
import { hookStateAction } from "@/app/operations/[id]/actions";
import { operationKeys } from "@/lib/query-keys";
import { durationMs, formatDuration, type HookBar } from "@/lib/timeline/model";
import { aftermathExplanation } from "./hook-display";

/** What is left of the hook in the cluster now: the object or that it is gone, and its Pods' phases. */
function HookClusterState({ operationId, bar }: { operationId: string; bar: HookBar }) {
  const state = useQuery({
    queryKey: [...operationKeys.hookState(operationId, bar.key), bar.status, bar.aftermath?.at ?? ""],
    queryFn: async () => {
      const result = await hookStateAction({ operationId, event: bar.event, kind: bar.kind, name: bar.name, namespace: bar.namespace });
      if (!result.ok) throw new Error(result.error);
      return result.state;
    },
    refetchInterval: bar.status === "running" ? 2_000 : false,
    retry: false,
  });
  return (
    <div aria-label="Pod status" role="group" aria-busy={state.isFetching}>
      <h4 className="text-xs font-medium uppercase text-slate-500">In the cluster now</h4>
      {state.isPending && <p className="text-slate-500">Reading the hook&apos;s objects…</p>}
      {state.isError && <p className="text-red-700">Could not read the cluster: {state.error.message}</p>}
      {state.data && (
        <>
          <p>{state.data.summary}</p>
          {state.data.pods.length === 0 ? (
            <p className="text-slate-500">No pods.</p>
          ) : (
            <ul className="font-mono text-xs">
              {state.data.pods.map((p) => (
                <li key={p.name}>
                  pod {p.name}: {p.phase}
                  {p.containers.length > 0 && ` — ${p.containers.join("; ")}`}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** Everything about one hook run: status and duration, why it was deleted or kept, cluster state, logs, manifest (masked where its events arrive). */
export function HookDetails({ operationId, bar, now, id }: { operationId: string; bar: HookBar; now: number; id: string }) {
  return (
    <section id={id} className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" aria-label={`Hook ${bar.name}`}>
      <p>
        <span className="font-medium">
          {bar.kind}/{bar.name}
        </span>{" "}
        · {bar.event} · weight {bar.weight} · {bar.status} after {formatDuration(durationMs(bar.start, bar.end, now))}
      </p>
      <p className="font-mono text-xs text-slate-600">
        delete policies: {bar.deletePolicies.length ? bar.deletePolicies.join(", ") : "before-hook-creation (default)"} · {bar.path}
      </p>
      {bar.error && <p className="text-red-700">{bar.error}</p>}
      <div>
        <h4 className="text-xs font-medium uppercase text-slate-500">Deleted or kept</h4>
        <p>{aftermathExplanation(bar)}</p>
      </div>
      <HookClusterState operationId={operationId} bar={bar} />
      <div>
        <h4 className="text-xs font-medium uppercase text-slate-500">Logs</h4>
        {bar.logs.length === 0 ? (
          <p className="text-slate-500">No logs were captured{bar.status === "running" ? " yet" : ""}.</p>
        ) : (
          bar.logs.map((l, i) => (
            <pre key={i} aria-label={`Logs of ${l.pod}`} className="mt-1 max-h-64 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs text-slate-100">
              {`# ${l.pod} (${l.container})\n${l.text}`}
            </pre>
          ))
        )}
      </div>
      {bar.manifest && (
        <details>
          <summary className="cursor-pointer text-xs font-medium uppercase text-slate-500">Manifest (secrets masked)</summary>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs">{bar.manifest}</pre>
        </details>
      )}
    </section>
  );
}
