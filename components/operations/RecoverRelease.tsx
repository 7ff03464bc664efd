"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { recoverStuckRelease } from "@/app/releases/[namespace]/[name]/actions";

/**
 * Shown when a release's latest record is stuck in pending-* with no Hookline operation running on it (a crashed
 * helm CLI, a killed job): explains the lock and lets an admin mark the record failed, after which rollback and
 * upgrade work again. It changes nothing in the cluster.
 */
export function RecoverRelease({ context, namespace, release, status, allowed }: { context: string; namespace: string; release: string; status: string; allowed: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [pending, start] = useTransition();
  return (
    <section role="region" aria-label="Stuck release" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
      <h2 className="font-medium text-amber-900">This release is stuck in {status}</h2>
      <p className="text-amber-900">
        Its latest revision says an operation is in progress, but no Hookline operation is running on it — usually a helm process or job that died.
        While it stays {status}, helm and Hookline refuse to upgrade it. Recovering marks that revision failed (the cluster is not touched); then roll back or
        upgrade.
      </p>
      {allowed ? (
        <div className="flex flex-wrap items-end gap-2">
          <label className="block">
            Reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} className="mt-1 block w-72 rounded-md border border-amber-300 bg-white px-2 py-1" />
          </label>
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const result = await recoverStuckRelease({ context, namespace, releaseName: release, reason });
                if (result.ok) router.refresh();
                else setError(result.error);
              })
            }
            className="rounded-md bg-amber-600 px-3 py-1.5 font-medium text-white hover:bg-amber-700 disabled:opacity-60"
          >
            Recover
          </button>
        </div>
      ) : (
        <p className="text-amber-900">Ask an administrator to recover it.</p>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
