"use client";

import { useEffect, useId, useMemo, useState } from "react";
import type { LifecycleEvent } from "@/lib/lifecycle/events";
import { buildTimeline, durationMs, formatDuration } from "@/lib/timeline/model";
import { aftermathText, clock, STATUS_STYLES } from "./hook-display";
import { HookDetails } from "./HookDetails";
import { TimelineChart } from "./TimelineChart";
import { useOperationEvents } from "./useOperationEvents";

/**
 * The clock live durations are measured against: it ticks every half second while something is running. It starts
 * at the last event's time so that the server's render and the browser's first render agree (no hydration mismatch).
 */
function useNow(active: boolean, start: number): number {
  const [now, setNow] = useState(start);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/**
 * The live (or replayed) timeline of one operation: phase lanes with a bar per hook, the same hooks as a list (the
 * form a screen reader reads best), the selected hook's details, waits and resource changes, and the outcome.
 */
export function OperationTimeline({ operationId, initialEvents, initiallyFinished, cancel }: { operationId: string; initialEvents: LifecycleEvent[]; initiallyFinished: boolean; cancel?: React.ReactNode }) {
  const { events, finished, connection } = useOperationEvents(operationId, initialEvents, initiallyFinished);
  const t = useMemo(() => buildTimeline(events), [events]);
  const now = useNow(!finished, events.length > 0 ? Date.parse(events[events.length - 1].at) : 0);
  const [selected, setSelected] = useState<string | null>(null);
  const detailsId = useId();
  const toggle = (key: string) => setSelected((current) => (current === key ? null : key));
  const total = t.start ? durationMs(t.start, t.end, now) : 0;
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

      <TimelineChart t={t} now={now} selected={selected} onSelect={toggle} detailsId={detailsId} />

      <ol aria-label="Hooks in order" className="divide-y divide-slate-100 text-sm">
        {t.hooks.map((h) => (
          <li key={h.key} className="flex flex-wrap items-center gap-2 py-1.5">
            <span className={`inline-block h-2.5 w-2.5 rounded-full ${STATUS_STYLES[h.status]}`} aria-hidden="true" />
            <button
              type="button"
              onClick={() => toggle(h.key)}
              className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
              aria-expanded={selected === h.key}
              aria-controls={selected === h.key ? detailsId : undefined}
            >
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
      {selectedBar && <HookDetails id={detailsId} operationId={operationId} bar={selectedBar} now={now} />}

      {t.waits.length > 0 && (
        <section aria-label="Waits" className="text-sm">
          <h3 className="text-sm font-medium">Waits</h3>
          <ul className="mt-1 space-y-0.5">
            {t.waits.map((w, i) => (
              <li key={i} className={w.error ? "text-red-700" : ""}>
                {w.what}: {w.end ? (w.error ? `failed after ${formatDuration(durationMs(w.start, w.end, now))} — ${w.error}` : `ready after ${formatDuration(durationMs(w.start, w.end, now))}`) : `waiting for ${formatDuration(durationMs(w.start, undefined, now))}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-label="Resource changes" className="text-sm">
        <h3 className="text-sm font-medium">Resources ({t.resources.length} {t.resources.length === 1 ? "change" : "changes"})</h3>
        {t.resources.length === 0 ? (
          <p className="mt-1 text-slate-500">{finished ? "No resource was changed." : "No resource changed yet."}</p>
        ) : (
          <ul className="mt-1 max-h-64 space-y-0.5 overflow-auto font-mono text-xs">
            {t.resources.map((r, i) => (
              <li key={i}>
                <span className="text-slate-500">{clock(r.at)}</span> {r.change} {r.kind}/{r.name} ({r.namespace}){r.reason ? ` — ${r.reason}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
