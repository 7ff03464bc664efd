"use client";
/** Adds an empty file to the draft (saved with the next Save), e.g. a new template for a hook. */
import { useState, type FormEvent } from "react";

/** The same shape the save action accepts: chart-relative, no empty, `.` or `..` segments. */
export function newFileProblem(path: string, existing: readonly string[]): string | null {
  if (!path) return "Enter a path, e.g. templates/job.yaml.";
  if (path.startsWith("/") || path.includes("\\") || path.split("/").some((s) => s === "" || s === "." || s === "..")) return "Use a path inside the chart, like templates/job.yaml.";
  if (existing.includes(path)) return `${path} already exists.`;
  return null;
}

export function NewFileForm({ existing, onAdd }: { existing: readonly string[]; onAdd(path: string): void }) {
  const [path, setPath] = useState("templates/");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = path.trim();
    const why = newFileProblem(trimmed, existing);
    setProblem(why);
    if (why) return;
    onAdd(trimmed);
    setPath("templates/");
  };
  return (
    <form onSubmit={submit} className="mt-2 space-y-1 border-t border-slate-100 pt-2">
      <label htmlFor="new-file-path" className="block text-xs font-medium text-slate-600">
        New file
      </label>
      <div className="flex gap-1">
        <input id="new-file-path" value={path} onChange={(e) => setPath(e.target.value)} className="min-w-0 flex-1 rounded border border-slate-300 px-1 py-0.5 font-mono text-xs" />
        <button type="submit" className="rounded border border-slate-300 px-2 text-xs hover:bg-slate-100">
          Add file
        </button>
      </div>
      {problem && (
        <p role="alert" className="text-xs text-red-700">
          {problem}
        </p>
      )}
    </form>
  );
}
