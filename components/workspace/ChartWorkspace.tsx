"use client";
/**
 * The chart workspace: file tree, Monaco editor and the live preview side by side. Holds the draft (every text
 * file's current content), derives what is unsaved from the last saved state, renders the draft in the preview
 * worker as the user types, and saves changed files through the server action.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import { saveChartFiles } from "@/app/charts/[id]/actions";
import { FileHistory } from "./FileHistory";
import { FileTree } from "./FileTree";
import { NewFileForm } from "./NewFileForm";
import { PreviewPanel } from "./PreviewPanel";
import { chartKeys, type DiffTarget } from "./query-keys";
import { usePreview } from "./use-preview";

const CodeEditor = dynamic(() => import("./CodeEditor"), { ssr: false, loading: () => <p className="p-4 text-sm text-slate-500">Loading editor…</p> });

export interface ChartWorkspaceProps {
  chartId: string;
  /** Text files by chart-relative path. */
  textFiles: Record<string, string>;
  /** Binary files (e.g. packaged subcharts), base64; rendered but not editable. */
  binaryFiles: Record<string, string>;
  canEdit: boolean;
  /** The release the chart was imported from, the Diff tab's default target. */
  origin: DiffTarget | null;
  /** Cluster context names, for the Diff tab's target picker. */
  contexts: string[];
}

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function defaultPath(paths: string[]): string {
  return paths.find((p) => p === "values.yaml") ?? paths.find((p) => p.startsWith("templates/")) ?? paths[0] ?? "";
}

export function ChartWorkspace({ chartId, textFiles, binaryFiles, canEdit, origin, contexts }: ChartWorkspaceProps) {
  const [files, setFiles] = useState(textFiles);
  const [saved, setSaved] = useState(textFiles);
  const paths = useMemo(() => Object.keys(files).sort(), [files]);
  const [openPath, setOpenPath] = useState(() => defaultPath(Object.keys(textFiles).sort()));
  const [reveal, setReveal] = useState<{ line: number } | null>(null);
  const [message, setMessage] = useState("");
  const queryClient = useQueryClient();

  const binaries = useMemo(() => Object.fromEntries(Object.entries(binaryFiles).map(([p, b]) => [p, decodeBase64(b)])), [binaryFiles]);
  const renderInput = useMemo(() => ({ ...binaries, ...files }), [binaries, files]);
  const { result, status, restarts } = usePreview(renderInput);
  const markers = useMemo(() => result?.markers ?? [], [result]);

  const dirty = useMemo(() => new Set(paths.filter((p) => files[p] !== saved[p])), [paths, files, saved]);
  const problems = useMemo(() => {
    const m = new Map<string, { errors: number; warnings: number }>();
    for (const marker of markers) {
      const entry = m.get(marker.file) ?? { errors: 0, warnings: 0 };
      if (marker.severity === "error") entry.errors++;
      else entry.warnings++;
      m.set(marker.file, entry);
    }
    return m;
  }, [markers]);

  const save = useMutation({
    mutationFn: async (snapshot: Record<string, string>) => {
      const changed = [...dirty].map((path) => ({ path, content: snapshot[path] }));
      const result = await saveChartFiles({ chartId, files: changed, message });
      if (!result.ok) throw new Error(result.error);
      return { snapshot, changed: result.changed };
    },
    onSuccess: ({ snapshot, changed }) => {
      setSaved((prev) => ({ ...prev, ...Object.fromEntries(changed.map((p) => [p, snapshot[p]])) }));
      setMessage("");
      void queryClient.invalidateQueries({ queryKey: chartKeys.chart(chartId) });
    },
  });

  const onSave = useCallback(() => {
    if (canEdit && dirty.size > 0 && !save.isPending) save.mutate(files);
  }, [canEdit, dirty, save, files]);

  const onChange = useCallback((path: string, content: string) => setFiles((prev) => (prev[path] === content ? prev : { ...prev, [path]: content })), []);
  const openAt = useCallback((path: string, line: number) => {
    setOpenPath(path);
    setReveal({ line });
  }, []);

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[14rem_minmax(0,1fr)_minmax(0,1fr)]">
      <aside className="space-y-3">
        <div className="rounded-lg border border-slate-200 bg-white p-2">
          <FileTree paths={paths} openPath={openPath} dirty={dirty} problems={problems} onOpen={(p) => setOpenPath(p)} />
          {canEdit && (
            <NewFileForm
              existing={[...paths, ...Object.keys(binaryFiles)]}
              onAdd={(path) => {
                setFiles((prev) => ({ ...prev, [path]: "" }));
                setOpenPath(path);
              }}
            />
          )}
          {Object.keys(binaryFiles).length > 0 && <p className="mt-2 text-xs text-slate-500">{Object.keys(binaryFiles).length} binary file(s) are rendered but not editable.</p>}
        </div>
        {openPath && <FileHistory chartId={chartId} path={openPath} />}
      </aside>

      <section role="region" aria-label="Editor" className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2">
          <h2 className="font-mono text-sm font-medium">{openPath || "No file"}</h2>
          {canEdit ? (
            <form
              className="ml-auto flex items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                onSave();
              }}
            >
              <label htmlFor="save-message" className="sr-only">
                Save message
              </label>
              <input
                id="save-message"
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                placeholder="What changed (optional)"
                maxLength={500}
                className="w-48 rounded border border-slate-300 px-2 py-1 text-xs"
              />
              <button type="submit" disabled={dirty.size === 0 || save.isPending} className="rounded bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
                {save.isPending ? "Saving…" : `Save${dirty.size > 0 ? ` (${dirty.size})` : ""}`}
              </button>
            </form>
          ) : (
            <span className="ml-auto text-xs text-slate-500">Read-only: your role may not edit charts.</span>
          )}
        </div>
        {save.isError && (
          <p role="alert" className="border-b border-red-200 bg-red-50 px-3 py-1 text-xs text-red-800">
            {save.error.message}
          </p>
        )}
        {save.isSuccess && dirty.size === 0 && (
          <p aria-live="polite" className="border-b border-emerald-200 bg-emerald-50 px-3 py-1 text-xs text-emerald-800">
            Saved {save.data.changed.length} file(s).
          </p>
        )}
        <div className="h-[70vh] min-h-[24rem]">
          {openPath ? (
            <CodeEditor chartId={chartId} files={files} openPath={openPath} markers={markers} readOnly={!canEdit} reveal={reveal} onChange={onChange} onSave={onSave} />
          ) : (
            <p className="p-4 text-sm text-slate-500">This chart has no text files.</p>
          )}
        </div>
      </section>

      <div className="h-[calc(70vh+3rem)] min-h-[26rem]">
        <PreviewPanel result={result} status={status} restarts={restarts} onOpen={openAt} diff={{ chartId, files, binaryFiles, origin, contexts }} />
      </div>
    </div>
  );
}
