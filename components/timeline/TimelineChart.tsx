"use client";

import { durationMs, formatDuration, type HookBar, type Timeline } from "@/lib/timeline/model";
import { aftermathText, clock, STATUS_STYLES } from "./hook-display";

const LANE_STYLES = { failed: "bg-red-200", cancelled: "bg-slate-300", succeeded: "bg-emerald-200", running: "bg-sky-200" } as const;

function laneHooks(t: Timeline, phase: string): HookBar[] {
  return t.hooks.filter((h) => `${h.event} hooks` === phase);
}

/**
 * The operation drawn against time: a lane per phase and, under a hook phase, a bar per hook from its creation to
 * its end, with its live duration and a marker where a delete policy removed it (✕) or it was kept (◆). Every bar
 * is a button (Tab reaches it, Enter or Space opens the hook's details, like a click); its name says what the
 * bar shows, so the chart reads without sight as well as the list below it.
 */
export function TimelineChart({
  t,
  now,
  selected,
  onSelect,
  detailsId,
}: {
  t: Timeline;
  now: number;
  selected: string | null;
  onSelect: (key: string) => void;
  detailsId: string;
}) {
  const start = t.start ? Date.parse(t.start) : now;
  const total = Math.max(1, (t.end ? Date.parse(t.end) : now) - start);
  const at = (iso: string) => `${Math.min(100, Math.max(0, (100 * (Date.parse(iso) - start)) / total))}%`;
  const span = (from: string, to: string | undefined) => ({ left: at(from), width: `${Math.max(0.8, (100 * durationMs(from, to, now)) / total)}%` });

  if (t.lanes.length === 0) return <p className="text-sm text-slate-500">{t.outcome ? "Nothing ran." : "Waiting for the first phase…"}</p>;
  return (
    <div role="group" aria-label="Phases and hook bars" className="space-y-3">
      {t.lanes.map((lane, i) => {
        const hooks = laneHooks(t, lane.phase);
        const state = lane.outcome ?? "running";
        return (
          <div key={`${lane.phase}#${i}`}>
            <div className="flex items-baseline gap-2 text-xs">
              <span className="font-medium text-slate-700">{lane.phase}</span>
              <span className={lane.outcome === "failed" ? "text-red-700" : "text-slate-500"}>
                {state} · {formatDuration(durationMs(lane.start, lane.end, now))}
                {lane.error ? ` · ${lane.error}` : ""}
              </span>
            </div>
            <div className="relative mt-0.5 h-2 rounded bg-slate-100" aria-hidden="true">
              <div className={`absolute h-2 rounded ${LANE_STYLES[state]}`} style={span(lane.start, lane.end)} />
            </div>
            {hooks.map((h) => {
              const duration = formatDuration(durationMs(h.start, h.end, now));
              const after = aftermathText(h);
              return (
                <button
                  key={h.key}
                  type="button"
                  onClick={() => onSelect(h.key)}
                  aria-expanded={selected === h.key}
                  aria-controls={selected === h.key ? detailsId : undefined}
                  aria-label={`Bar of ${h.kind}/${h.name} (${h.event}): ${h.status}, ${duration}${after ? `, ${after}` : ""}`}
                  className={`relative mt-1 block h-6 w-full rounded text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 ${selected === h.key ? "bg-indigo-50 ring-1 ring-indigo-300" : ""}`}
                >
                  <span className={`absolute top-0.5 h-5 rounded ${STATUS_STYLES[h.status]}`} style={span(h.start, h.end)} />
                  {h.aftermath && (
                    <span
                      title={`${after} at ${clock(h.aftermath.at)}`}
                      className={`absolute top-0 -ml-1.5 text-sm leading-6 font-bold ${h.aftermath.deleted ? "text-slate-700" : "text-amber-600"}`}
                      style={{ left: at(h.aftermath.at) }}
                    >
                      {h.aftermath.deleted ? "✕" : "◆"}
                    </span>
                  )}
                  <span className="pointer-events-none absolute top-0.5 left-1 rounded bg-white/75 px-1 text-xs leading-5 whitespace-nowrap text-slate-900">
                    {h.kind}/{h.name} · {h.status} · {duration}
                    {after ? ` · ${after}` : ""}
                  </span>
                </button>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
