"use client";

import { useQuery } from "@tanstack/react-query";
import { hookStateAction } from "@/app/operations/[id]/actions";
import { operationKeys } from "@/lib/query-keys";
import { durationMs, formatDuration, type HookBar } from "@/lib/timeline/model";
import { aftermathExplanation, clock, recordedContainerText, recordedJobSummary, recordedPodText } from "./hook-display";

/** Hooks whose Pods run to completion: the engine records their status when they end. */
const RUNS_PODS = new Set(["Job", "Pod"]);

/**
 * The hook's status as the engine recorded it when the hook ended, before any delete policy ran: the Job's counts
 * and conditions and each Pod's phase and container states. It is the evidence that survives a deletion.
 */
function RecordedHookStatus({ bar }: { bar: HookBar }) {
  const recorded = bar.recorded;
  return (
    <div aria-label="Status at the end of the hook" role="group">
      <h4 className="text-xs font-medium uppercase text-slate-500">At the end of the hook{recorded ? ` (recorded ${clock(recorded.at)})` : ""}</h4>
      {!recorded ? (
        <p className="text-slate-500">
          {bar.status === "running"
            ? "Recorded when the hook ends."
            : bar.status === "cancelled"
              ? "Not recorded: the operation was cancelled."
              : "No status was recorded for this run."}
        </p>
      ) : (
        <>
          {recorded.job && <p>{recordedJobSummary(recorded.job)}</p>}
          {recorded.error && <p className="text-red-700">{recorded.error}</p>}
          {recorded.pods.length === 0 ? (
            !recorded.error && <p className="text-slate-500">No pods.</p>
          ) : (
            <ul className="space-y-1 font-mono text-xs">
              {recorded.pods.map((p) => (
                <li key={p.name}>
                  {recordedPodText(p)}
                  {p.containers.length > 0 && (
                    <ul className="ml-4">
                      {p.containers.map((c) => (
                        <li key={`${c.init ? "init:" : ""}${c.name}`}>{recordedContainerText(c)}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** The cluster now, for a hook a delete policy removed: no need to ask, the policy says where it went. */
function DeletedHookState({ bar, policy, at }: { bar: HookBar; policy: string; at: string }) {
  return (
    <div aria-label="Pod status" role="group">
      <h4 className="text-xs font-medium uppercase text-slate-500">In the cluster now</h4>
      <p>
        {bar.kind}/{bar.name} is not in the cluster any more: its {policy} delete policy deleted it at {clock(at)}
        {RUNS_PODS.has(bar.kind) ? ", with its pods. What they did is recorded above." : "."}
      </p>
    </div>
  );
}

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

/**
 * Everything about one hook run: status and duration, why it was deleted or kept, its status recorded when it ended,
 * the cluster state now (read live unless a delete policy removed it), logs, manifest (masked where its events
 * arrive).
 */
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
      {RUNS_PODS.has(bar.kind) && <RecordedHookStatus bar={bar} />}
      {bar.aftermath?.deleted ? (
        <DeletedHookState bar={bar} policy={bar.aftermath.policy} at={bar.aftermath.at} />
      ) : (
        <HookClusterState operationId={operationId} bar={bar} />
      )}
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
