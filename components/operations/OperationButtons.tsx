"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { startReleaseOperation } from "@/app/releases/[namespace]/[name]/actions";
import { HookPlanList } from "./HookPlanList";
import { UpgradeChanges } from "./UpgradeChanges";

export interface PlannedHookSummary {
  event: string;
  kind: string;
  name: string;
  weight: number;
  deletePolicies: string[];
  onSuccess: string;
  onFailure: string;
}

type Kind = "upgrade" | "rollback" | "uninstall" | "test";

const LABELS: Record<Kind, string> = { upgrade: "Upgrade", rollback: "Rollback", uninstall: "Uninstall", test: "Run tests" };

const field = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/**
 * The release's operation buttons. Each opens a confirmation dialog with the hooks that will run, the options and a
 * reason (Upgrade also the values and manifest it would change); confirming starts the operation on the server and
 * opens its live timeline.
 */
export function OperationButtons({
  context,
  namespace,
  release,
  revisions,
  plans,
  allowed,
}: {
  context: string;
  namespace: string;
  release: string;
  revisions: number[];
  plans: Record<Kind, PlannedHookSummary[]>;
  allowed: Record<Kind, boolean>;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  // The dialog's contents exist only while it is open, so each opening starts fresh (and previews nothing unasked).
  const [kind, setKind] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const open = (k: Kind) => {
    setKind(k);
    setError(null);
    dialog.current?.showModal();
  };

  const submit = (form: FormData) =>
    start(async () => {
      if (!kind) return;
      const result = await startReleaseOperation({
        kind,
        context,
        namespace,
        releaseName: release,
        reason: String(form.get("reason") ?? ""),
        timeoutSeconds: Number(form.get("timeout") ?? 300),
        wait: form.get("wait") === "on",
        atomic: form.get("atomic") === "on",
        noHooks: form.get("noHooks") === "on",
        valuesYaml: String(form.get("values") ?? ""),
        revision: form.get("revision") ? Number(form.get("revision")) : undefined,
        keepHistory: form.get("keepHistory") === "on",
      });
      if (result.ok) router.push(`/operations/${result.operationId}`);
      else setError(result.error);
    });

  const hooks = kind ? plans[kind] : [];
  return (
    <div className="flex flex-wrap gap-2">
      {(Object.keys(LABELS) as Kind[]).map((k) => (
        <button
          key={k}
          type="button"
          disabled={!allowed[k]}
          title={allowed[k] ? undefined : "Your role does not allow this"}
          onClick={() => open(k)}
          className={`rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 ${k === "uninstall" ? "border border-red-300 text-red-700 hover:bg-red-50" : k === "upgrade" ? "bg-indigo-600 text-white hover:bg-indigo-700" : "border border-slate-300 hover:bg-slate-100"}`}
        >
          {LABELS[k]}
        </button>
      ))}

      <dialog
        ref={dialog}
        onClose={() => setKind(null)}
        aria-labelledby="operation-dialog-title"
        className="m-auto max-h-[92vh] w-full max-w-4xl overflow-auto rounded-lg p-0 backdrop:bg-slate-900/40"
      >
        {kind && (
          <form action={submit} className="space-y-4 p-5">
            <h2 id="operation-dialog-title" className="text-lg font-semibold">
              {LABELS[kind]} {release}
            </h2>
            {kind === "upgrade" ? <UpgradeChanges context={context} namespace={namespace} release={release} currentPlan={hooks} /> : <HookPlanList hooks={hooks} />}
            {kind === "rollback" && (
              <div>
                <label htmlFor="op-revision" className="block text-sm font-medium">
                  Roll back to revision
                </label>
                <select id="op-revision" name="revision" className={field} autoFocus>
                  {revisions.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="grid grid-cols-2 gap-3 text-sm">
              <label className="block">
                Timeout (seconds)
                <input name="timeout" type="number" min={1} max={3600} defaultValue={300} className={field} />
              </label>
              <div className="space-y-1 pt-5">
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="wait" /> Wait for resources to be ready
                </label>
                {(kind === "upgrade" || kind === "rollback") && (
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name="atomic" /> Roll back on failure (atomic)
                  </label>
                )}
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="noHooks" /> Skip hooks
                </label>
                {kind === "uninstall" && (
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name="keepHistory" /> Keep history
                  </label>
                )}
              </div>
            </div>
            <div>
              <label htmlFor="op-reason" className="block text-sm font-medium">
                Reason (kept in the audit trail)
              </label>
              {/* The dialog's contents mount after it opens: each kind puts the keyboard in its first field. */}
              <input id="op-reason" name="reason" maxLength={1000} className={field} autoFocus={kind === "uninstall" || kind === "test"} />
            </div>
            {error && (
              <p role="alert" className="text-sm text-red-700">
                {error}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
                Close
              </button>
              <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
                {LABELS[kind]} {release}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </div>
  );
}
