"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { deployChart } from "@/app/charts/[id]/actions";

type Kind = "install" | "upgrade";

const field = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/**
 * Deploys the workspace chart's saved files: Install as a new release, or upgrade an existing release with it.
 * Confirming starts the operation on the server and opens its live timeline.
 */
export function DeployChartButtons({ chartId, chartName, contexts }: { chartId: string; chartName: string; contexts: string[] }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [kind, setKind] = useState<Kind>("install");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const open = (k: Kind) => {
    setKind(k);
    setError(null);
    dialog.current?.showModal();
  };

  const submit = (form: FormData) =>
    start(async () => {
      const result = await deployChart({
        chartId,
        kind,
        context: String(form.get("context") ?? "") || undefined,
        namespace: String(form.get("namespace") ?? "default"),
        releaseName: String(form.get("release") ?? ""),
        valuesYaml: String(form.get("values") ?? ""),
        reason: String(form.get("reason") ?? ""),
        timeoutSeconds: Number(form.get("timeout") ?? 300),
        wait: form.get("wait") === "on",
        atomic: form.get("atomic") === "on",
      });
      if (result.ok) router.push(`/operations/${result.operationId}`);
      else setError(result.error);
    });

  const label = kind === "install" ? "Install" : "Upgrade with this chart";
  return (
    <div className="flex gap-2">
      <button type="button" onClick={() => open("install")} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
        Install
      </button>
      <button type="button" onClick={() => open("upgrade")} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
        Upgrade with this chart
      </button>
      <dialog ref={dialog} aria-labelledby="deploy-dialog-title" className="w-full max-w-xl rounded-lg p-0 backdrop:bg-slate-900/40">
        <form action={submit} className="space-y-3 p-5 text-sm">
          <h2 id="deploy-dialog-title" className="text-lg font-semibold">
            {label}: {chartName}
          </h2>
          <p className="text-slate-600">The saved files are deployed; save your edits first.</p>
          <div className="grid grid-cols-2 gap-3">
            <label className="block">
              Release name
              <input name="release" required maxLength={53} defaultValue={chartName} className={field} />
            </label>
            <label className="block">
              Namespace
              <input name="namespace" required maxLength={63} defaultValue="default" className={field} />
            </label>
            <label className="block">
              Context
              <select name="context" className={field}>
                {contexts.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <label className="block">
              Timeout (seconds)
              <input name="timeout" type="number" min={1} max={3600} defaultValue={300} className={field} />
            </label>
          </div>
          <label className="block">
            Values (YAML)
            <textarea name="values" rows={3} className={`${field} font-mono`} />
          </label>
          <div className="flex gap-4">
            <label className="flex items-center gap-2">
              <input type="checkbox" name="wait" /> Wait for resources to be ready
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="atomic" /> Roll back on failure (atomic)
            </label>
          </div>
          <label className="block">
            Reason (kept in the audit trail)
            <input name="reason" maxLength={1000} className={field} />
          </label>
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 px-3 py-1.5">
              Close
            </button>
            <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
              {label}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
