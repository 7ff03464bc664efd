"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { deployChart } from "@/app/charts/[id]/actions";
import { initialNamespace, type DeployTarget } from "@/lib/auth/deploy-targets";

type Kind = "install" | "upgrade";

const field = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/**
 * Deploys the workspace chart's saved files: Install as a new release, or upgrade an existing release with it.
 * The dialog offers only the contexts and namespaces the user may deploy to (`targets`, worked out on the server from
 * their role and grants); with none, the buttons are disabled and `whyNone` says why. The server action checks the
 * grants again. Confirming starts the operation on the server and opens its live timeline.
 */
export function DeployChartButtons({ chartId, chartName, targets, whyNone }: { chartId: string; chartName: string; targets: DeployTarget[]; whyNone: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const explanation = useId();
  const [kind, setKind] = useState<Kind>("install");
  const [context, setContext] = useState(targets[0]?.context ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const target = targets.find((t) => t.context === context) ?? targets[0];

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
        namespace: String(form.get("namespace") ?? ""),
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
  const blocked = target === undefined;
  const describedBy = blocked ? explanation : undefined;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <button
          type="button"
          disabled={blocked}
          aria-describedby={describedBy}
          onClick={() => open("install")}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Install
        </button>
        <button
          type="button"
          disabled={blocked}
          aria-describedby={describedBy}
          onClick={() => open("upgrade")}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Upgrade with this chart
        </button>
      </div>
      {blocked && (
        <p id={explanation} className="text-sm text-slate-600">
          {whyNone}
        </p>
      )}
      {target && (
        <dialog ref={dialog} aria-labelledby="deploy-dialog-title" className="m-auto w-full max-w-xl rounded-lg p-0 backdrop:bg-slate-900/40">
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
              {/* A new context has other namespaces: the key starts the field again with that context's first choice. */}
              <NamespaceField key={target.context} target={target} />
              <label className="block">
                Context
                <select name="context" value={target.context} onChange={(e) => setContext(e.target.value)} className={field}>
                  {targets.map((t) => (
                    <option key={t.context}>{t.context}</option>
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
      )}
    </div>
  );
}

/**
 * The namespace to deploy to in the chosen context: free text with the granted namespaces as suggestions where any
 * namespace is allowed, otherwise a choice among the granted ones.
 */
function NamespaceField({ target }: { target: DeployTarget }) {
  const suggestions = useId();
  const initial = initialNamespace(target);
  return (
    <label className="block">
      Namespace
      {target.anyNamespace ? (
        <>
          <input name="namespace" required maxLength={63} defaultValue={initial} list={target.namespaces.length > 0 ? suggestions : undefined} className={field} />
          {target.namespaces.length > 0 && (
            <datalist id={suggestions}>
              {target.namespaces.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          )}
        </>
      ) : (
        <select name="namespace" required defaultValue={initial} className={field}>
          {target.namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      )}
    </label>
  );
}
