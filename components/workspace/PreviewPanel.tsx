"use client";
/** The live preview beside the editor: render status, and tabs for manifests, the hook plan, the diff against a deployed release and the hook lint. */
import { useState, type KeyboardEvent } from "react";
import type { PreviewResult } from "@/lib/workspace/types";
import { DiffView } from "./DiffView";
import { HookPlanView } from "./HookPlanView";
import { LintList } from "./LintList";
import { ManifestList } from "./ManifestList";
import type { DiffTarget } from "./query-keys";
import type { PreviewStatus } from "./use-preview";

/** What the Diff tab needs: the draft, and where to compare it. */
export interface DiffTabProps {
  chartId: string;
  files: Record<string, string>;
  binaryFiles: Record<string, string>;
  origin: DiffTarget | null;
  contexts: string[];
}

const TABS = ["Manifests", "Hook plan", "Diff", "Lint"] as const;
type Tab = (typeof TABS)[number];

function tabId(tab: Tab): string {
  return `preview-tab-${tab.toLowerCase().replace(/\s+/g, "-")}`;
}

function StatusLine({ status, result, restarts }: { status: PreviewStatus; result: PreviewResult | null; restarts: number }) {
  let text: string;
  let style = "text-slate-500";
  if (status.state === "rendering") text = result ? "Rendering…" : "Rendering the chart…";
  else if (status.state === "timeout") {
    text = `The preview did not answer within ${status.afterMs / 1000} s; its worker was restarted. Edit to try again.`;
    style = "text-red-700";
  } else if (status.state === "crash") {
    text = `The preview worker failed (${status.message}); it was restarted.`;
    style = "text-red-700";
  } else text = result?.ok ? `Rendered in ${result.elapsedMs} ms` : "The chart does not render";
  return (
    <p aria-live="polite" data-testid="preview-status" className={`text-xs ${style}`}>
      {text}
      {restarts > 0 && <span className="ml-2 text-slate-400">(worker restarts: {restarts})</span>}
    </p>
  );
}

export function PreviewPanel({ result, status, restarts, onOpen, diff }: { result: PreviewResult | null; status: PreviewStatus; restarts: number; onOpen(path: string, line: number): void; diff: DiffTabProps }) {
  const [tab, setTab] = useState<Tab>("Manifests");
  const onKeyDown = (e: KeyboardEvent) => {
    // Arrow keys move between tabs (and focus follows), as the WAI-ARIA tabs pattern expects.
    const i = TABS.indexOf(tab);
    const next = e.key === "ArrowRight" ? TABS[(i + 1) % TABS.length] : e.key === "ArrowLeft" ? TABS[(i + TABS.length - 1) % TABS.length] : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    document.getElementById(tabId(next))?.focus();
  };
  const lintCount = result?.lint.length ?? 0;
  return (
    <section role="region" aria-label="Preview" className="flex min-h-0 flex-col rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-200 px-3 pt-2">
        <StatusLine status={status} result={result} restarts={restarts} />
        <div role="tablist" aria-label="Preview views" className="mt-1 flex gap-1" onKeyDown={onKeyDown}>
          {TABS.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={tabId(t)}
              aria-selected={tab === t}
              aria-controls="preview-tabpanel"
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setTab(t)}
              className={`rounded-t px-3 py-1 text-sm ${tab === t ? "border border-b-0 border-slate-200 bg-white font-medium text-indigo-700" : "text-slate-600 hover:text-slate-900"}`}
            >
              {t}
              {t === "Lint" && lintCount > 0 ? ` (${lintCount})` : ""}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id="preview-tabpanel" aria-labelledby={tabId(tab)} className="min-h-0 flex-1 overflow-auto p-3">
        {result && !result.ok && tab !== "Diff" && (
          <pre role="alert" className="mb-3 whitespace-pre-wrap rounded border border-red-200 bg-red-50 p-2 text-xs text-red-800">
            {result.limitExceeded ? "Stopped by the preview's limits: " : ""}
            {result.error}
          </pre>
        )}
        {!result && tab !== "Diff" && <p className="text-sm text-slate-500">Rendering…</p>}
        {result && tab === "Manifests" && result.ok && <ManifestList manifests={result.manifests} />}
        {result && tab === "Hook plan" && <HookPlanView plan={result.plan} onOpen={onOpen} />}
        {tab === "Diff" && <DiffView {...diff} />}
        {result && tab === "Lint" && <LintList findings={result.lint} onOpen={onOpen} />}
      </div>
    </section>
  );
}
