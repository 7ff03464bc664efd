"use client";

import { useEffect, useMemo, useState } from "react";
import type { LifecycleEvent } from "@/lib/lifecycle/events";
import { buildTimeline, durationMs, formatDuration, type HookBar } from "@/lib/timeline/model";
import { useOperationEvents } from "./useOperationEvents";

const STATUS_STYLES: Record<string, string> = {
  running: "bg-sky-500 animate-pulse",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  "timed-out": "bg-orange-500",
  cancelled: "bg-slate-400",
};

/** Re-renders every half second while something is running, so live durations tick. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function aftermathText(bar: HookBar): string {
  if (!bar.aftermath) return bar.status === "running" ? "" : "still present";
  return bar.aftermath.deleted ? `deleted by ${bar.aftermath.policy}` : `retained: ${bar.aftermath.reason}`;
}

function HookDetails({ bar, now }: { bar: HookBar; now: number }) {
  return (
    <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" aria-label={`Hook ${bar.name}`}>
      <p>
        <span className="font-medium">
          {bar.kind}/{bar.name}
        </span>{" "}
        · {bar.event} · weight {bar.weight} · {bar.status} after {formatDuration(durationMs(bar.start, bar.end, now))} · {aftermathText(bar)}
      </p>
      <p className="font-mono text-xs text-slate-600">
        delete policies: {bar.deletePolicies.length ? bar.deletePolicies.join(", ") : "before-hook-creation (default)"} · {bar.path}
      </p>
      {bar.error && <p className="text-red-700">{bar.error}</p>}
      <div>
        <h4 className="text-xs font-medium uppercase text-slate-500">Logs</h4>
        {bar.logs.length === 0 ? (
          <p className="text-slate-500">No logs were captured.</p>
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
          <summary className="cursor-pointer text-xs font-medium uppercase text-slate-500">Manifest</summary>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs">{bar.manifest}</pre>
        </details>
      )}
    </div>
  );
}

/** The live (or replayed) timeline of one operation: phase lanes, a bar per hook, resource changes, the outcome. */
export function OperationTimeline({ operationId, initialEvents, initiallyFinished, cancel }: { operationId: string; initialEvents: LifecycleEvent[]; initiallyFinished: boolean; cancel?: React.ReactNode }) {
  const { events, finished, connection } = useOperationEvents(operationId, initialEvents, initiallyFinished);
  const t = useMemo(() => buildTimeline(events), [events]);
  const now = useNow(!finished);
  const [selected, setSelected] = useState<string | null>(null);
  const start = t.start ? Date.parse(t.start) : now;
  const total = Math.max(1, (t.end ? Date.parse(t.end) : now) - start);
  const span = (from: string, to: string | undefined) => ({
    left: `${(100 * (Date.parse(from) - start)) / total}%`,
    width: `${Math.max(0.8, (100 * durationMs(from, to, now)) / total)}%`,
  });
  const selectedBar = t.hooks.find((h) => h.key === selected);

  return (
    <section role="region" aria-label="Timeline" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-medium">
          {t.kind ?? "operation"} {t.release ? `of ${t.release}` : ""}
        </h2>
        <span aria-live="polite" className={`rounded-full px-2 py-0.5 text-xs font-medium ${t.outcome === "succeeded" ? "bg-emerald-100 text-emerald-800" : t.outcome ? "bg-red-100 text-red-800" : "bg-sky-100 text-sky-800"}`}>
          {t.outcome ?? "running"}
        </span>
        <span className="text-sm text-slate-500">
          {formatDuration(total)}
          {t.revision !== undefined ? ` · revision ${t.revision}${t.status ? ` (${t.status})` : ""}` : ""}
          {!finished && connection !== "live" ? ` · ${connection}` : ""}
        </span>
        {!t.outcome && cancel}
      </div>
      {t.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {t.error}
        </p>
      )}

      <div aria-hidden="true" className="space-y-2">
        {t.lanes.map((lane, i) => (
          <div key={i}>
            <div className="text-xs font-medium text-slate-500">{lane.phase}</div>
            <div className="relative h-3 rounded bg-slate-100">
              <div className={`absolute h-3 rounded ${lane.outcome === "failed" ? "bg-red-200" : lane.outcome ? "bg-emerald-200" : "bg-sky-200"}`} style={span(lane.start, lane.end)} />
            </div>
            {t.hooks
              .filter((h) => lane.phase === `${h.event} hooks` || (lane.phase === "test hooks" && h.event === "test"))
              .map((h) => (
                <button key={h.key} type="button" tabIndex={-1} onClick={() => setSelected(h.key)} className="relative mt-1 block h-5 w-full text-left">
                  <span className={`absolute h-5 rounded ${STATUS_STYLES[h.status]}`} style={span(h.start, h.end)} />
                  <span className="absolute left-1 text-xs leading-5 text-slate-900 mix-blend-multiply">
                    {h.kind}/{h.name}
                  </span>
                </button>
              ))}
          </div>
        ))}
      </div>

      <ol aria-label="Hooks in order" className="divide-y divide-slate-100 text-sm">
        {t.hooks.map((h) => (
          <li key={h.key} className="flex flex-wrap items-center gap-2 py-1.5">
            <span className={`inline-block h-2.5 w-2.5 rounded-full ${STATUS_STYLES[h.status]}`} aria-hidden="true" />
            <button type="button" onClick={() => setSelected(selected === h.key ? null : h.key)} className="font-medium text-indigo-700 hover:underline" aria-expanded={selected === h.key}>
              {h.event}: {h.kind}/{h.name}
            </button>
            <span>
              {h.status} · {formatDuration(durationMs(h.start, h.end, now))}
            </span>
            <span className="text-slate-500">{aftermathText(h)}</span>
          </li>
        ))}
        {t.hooks.length === 0 && <li className="py-1.5 text-slate-500">No hooks ran{finished ? "" : " yet"}.</li>}
      </ol>
      {selectedBar && <HookDetails bar={selectedBar} now={now} />}

      {t.resources.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm font-medium">Resources ({t.resources.length} changes)</summary>
          <ul className="mt-2 space-y-0.5 font-mono text-xs">
            {t.resources.map((r, i) => (
              <li key={i}>
                {r.change} {r.kind}/{r.name} ({r.namespace}){r.reason ? ` — ${r.reason}` : ""}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
