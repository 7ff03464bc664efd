"use client";
/**
 * The preview's Diff tab: the deployed revision of the target release against what the draft would deploy as an
 * upgrade of it, per source file (hooks included), secrets masked on the server. The target is the release the chart
 * was imported from, or one picked here (remembered per chart in this browser); the diff follows the draft, debounced.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { previewDraftDiff } from "@/app/charts/[id]/actions";
import { UnifiedDiff } from "@/components/UnifiedDiff";
import { diffSnapshots, type SectionDiff } from "@/lib/workspace/diff-sections";
import { draftFingerprint } from "@/lib/workspace/draft-fingerprint";
import { chartKeys, type DiffTarget } from "./query-keys";

const DEBOUNCE_MS = 600;
const field = "mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm";

function storageKey(chartId: string) {
  return `hookline:diff-target:${chartId}`;
}

function readRemembered(chartId: string): DiffTarget | null {
  try {
    const raw = window.localStorage.getItem(storageKey(chartId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === "object" && typeof (parsed as DiffTarget).namespace === "string" && typeof (parsed as DiffTarget).releaseName === "string") return parsed as DiffTarget;
  } catch {
    // an unreadable entry is as good as none
  }
  return null;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function TargetForm({ initial, contexts, onPick, onCancel }: { initial: DiffTarget | null; contexts: string[]; onPick(t: DiffTarget): void; onCancel?: () => void }) {
  return (
    <form
      aria-label="Diff target"
      className="grid grid-cols-2 gap-2 rounded border border-slate-200 bg-slate-50 p-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const context = String(form.get("context") ?? "") || undefined;
        onPick({ context, namespace: String(form.get("namespace") ?? "").trim(), releaseName: String(form.get("release") ?? "").trim() });
      }}
    >
      <label className="block">
        Namespace
        <input name="namespace" required maxLength={63} defaultValue={initial?.namespace ?? "default"} className={field} />
      </label>
      <label className="block">
        Release
        <input name="release" required maxLength={53} defaultValue={initial?.releaseName ?? ""} className={field} />
      </label>
      {contexts.length > 1 && (
        <label className="block">
          Context
          <select name="context" defaultValue={initial?.context} className={field}>
            {contexts.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      )}
      <div className="col-span-2 flex gap-2">
        <button type="submit" className="rounded bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-700">
          Compare
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
            Keep the current target
          </button>
        )}
      </div>
    </form>
  );
}

function Counts({ added, removed }: { added: number; removed: number }) {
  return (
    <span className="font-mono text-xs">
      <span className="text-emerald-700">+{added}</span> <span className="text-red-700">−{removed}</span>
    </span>
  );
}

function SectionView({ section, revision }: { section: SectionDiff; revision: number }) {
  return (
    <figure aria-label={`Diff of ${section.source}`} className="space-y-1">
      <figcaption className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-mono font-medium">{section.source}</span>
        <span className="rounded bg-slate-100 px-1.5 text-slate-600">{section.change}</span>
        <Counts added={section.added} removed={section.removed} />
      </figcaption>
      <UnifiedDiff label={section.source} before={section.before} after={section.after} beforeName={`revision ${revision}`} afterName="draft" />
    </figure>
  );
}

export function DiffView({ chartId, files, binaryFiles, origin, contexts }: { chartId: string; files: Record<string, string>; binaryFiles: Record<string, string>; origin: DiffTarget | null; contexts: string[] }) {
  // Mounted only when the tab is opened, in the browser: reading localStorage while initialising is safe here.
  const [picked, setPicked] = useState<DiffTarget | null>(() => (typeof window === "undefined" ? null : readRemembered(chartId)));
  const [picking, setPicking] = useState(false);
  const target = picked ?? origin;

  const draft = useDebounced(files, DEBOUNCE_MS);
  const fingerprint = useMemo(() => draftFingerprint(draft), [draft]);
  const query = useQuery({
    queryKey: chartKeys.draftDiff(chartId, target ?? { namespace: "", releaseName: "" }, fingerprint),
    enabled: target !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
    queryFn: async () => {
      const request = [...Object.entries(draft).map(([path, content]) => ({ path, content })), ...Object.entries(binaryFiles).map(([path, content]) => ({ path, content, base64: true }))];
      const result = await previewDraftDiff({ ...target!, files: request });
      if (!result.ok) throw new Error(result.error);
      return result;
    },
  });
  const sections = useMemo(() => (query.data ? diffSnapshots(query.data.before, query.data.after) : []), [query.data]);

  const pick = (t: DiffTarget) => {
    window.localStorage.setItem(storageKey(chartId), JSON.stringify(t));
    setPicked(t);
    setPicking(false);
  };

  if (!target || picking) {
    return (
      <div className="space-y-2">
        {!target && (
          <p className="text-sm text-slate-600">
            Pick the deployed release this chart would upgrade. The diff shows its deployed revision (hooks included) against what this draft would deploy, rendered with the release&apos;s values; secrets are
            masked.
          </p>
        )}
        <TargetForm initial={target} contexts={contexts} onPick={pick} onCancel={target ? () => setPicking(false) : undefined} />
      </div>
    );
  }

  const changed = sections.filter((s) => s.change !== "unchanged");
  const unchanged = sections.filter((s) => s.change === "unchanged");
  const totals = changed.reduce((t, s) => ({ added: t.added + s.added, removed: t.removed + s.removed }), { added: 0, removed: 0 });
  const where = `${target.context ? `${target.context}: ` : ""}${target.namespace}/${target.releaseName}`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <p data-testid="diff-target">
          Against <span className="font-mono">{where}</span>
          {query.data && (
            <>
              {" "}
              revision {query.data.revision} ({query.data.chart})
            </>
          )}
          , upgraded with its values; secrets masked.
        </p>
        <button type="button" onClick={() => setPicking(true)} className="ml-auto rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
          Change target
        </button>
      </div>
      <p aria-live="polite" className="text-xs text-slate-500">
        {query.isFetching ? (query.data ? "Updating the diff…" : `Rendering the draft as an upgrade of ${where}…`) : ""}
      </p>
      {query.isError && (
        <p role="alert" className="whitespace-pre-wrap rounded border border-red-200 bg-red-50 p-2 text-xs text-red-800">
          {query.error.message}
        </p>
      )}
      {query.data && (
        <>
          <p data-testid="diff-summary" className="text-sm">
            {changed.length === 0 ? "The draft deploys what is deployed: no differences." : `${changed.length} file(s) differ`} {changed.length > 0 && <Counts {...totals} />}
          </p>
          {changed.map((s) => (
            <SectionView key={s.source} section={s} revision={query.data.revision} />
          ))}
          {unchanged.length > 0 && (
            <div>
              <h3 className="text-xs font-medium text-slate-600">Unchanged ({unchanged.length})</h3>
              {unchanged.map((s) => (
                <details key={s.source} className="text-xs">
                  <summary className="cursor-pointer font-mono">{s.source}</summary>
                  <pre aria-label={`Deployed ${s.source}`} className="max-h-80 overflow-auto rounded bg-slate-50 p-2 font-mono">
                    {s.before}
                  </pre>
                </details>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
