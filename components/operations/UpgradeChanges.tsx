"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { previewUpgradeDiff } from "@/app/releases/[namespace]/[name]/actions";
import { UnifiedDiff } from "@/components/UnifiedDiff";
import { releaseKeys } from "@/lib/query-keys";
import { HookPlanList } from "./HookPlanList";
import type { PlannedHookSummary } from "./OperationButtons";

const DEBOUNCE_MS = 600;

/**
 * The Upgrade dialog's hook plan, values field and what the upgrade would change: the hooks these values make, the
 * values diff (the current user-supplied values against the ones the upgrade will store) and the manifest diff,
 * hooks included, both masked by the server. All follow the typed values after a short pause; "Show changes"
 * refreshes them at once.
 */
export function UpgradeChanges({ context, namespace, release, currentPlan }: { context: string; namespace: string; release: string; currentPlan: PlannedHookSummary[] }) {
  const [text, setText] = useState("");
  const [submitted, setSubmitted] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSubmitted(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const preview = useQuery({
    queryKey: releaseKeys.upgradePreview(context, namespace, release, submitted),
    queryFn: async () => {
      const result = await previewUpgradeDiff({ context, namespace, releaseName: release, valuesYaml: submitted });
      if (!result.ok) throw new Error(result.error);
      return result;
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const outdated = preview.isFetching || text !== submitted;

  return (
    <div className="space-y-3">
      <HookPlanList hooks={preview.data?.hooks ?? currentPlan} note={preview.data ? "with the values below" : undefined} />
      <div>
        <label htmlFor="op-values" className="block text-sm font-medium">
          Values (YAML, over the release&apos;s current values)
        </label>
        <textarea
          id="op-values"
          name="values"
          rows={6}
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm"
          placeholder={"web:\n  replicas: 3"}
        />
        <button
          type="button"
          onClick={() => (text === submitted ? void preview.refetch() : setSubmitted(text))}
          className="mt-1 rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          Show changes
        </button>
      </div>
      <section aria-label="Upgrade diff" aria-busy={outdated} className="space-y-2">
        <h3 className="flex items-center gap-2 text-sm font-medium">
          What the upgrade changes (secrets masked)
          {outdated && <span className="text-xs font-normal text-slate-500">updating…</span>}
        </h3>
        {preview.isPending && <p className="text-sm text-slate-500">Rendering the upgrade…</p>}
        {preview.isError && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
            {preview.error.message}
          </p>
        )}
        {preview.data && !preview.isError && (
          <>
            <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">User-supplied values</h4>
            <UnifiedDiff label="values" before={preview.data.values.before} after={preview.data.values.after} beforeName="deployed" afterName={`revision ${preview.data.revision}`} />
            <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">Manifest, hooks included</h4>
            <UnifiedDiff label="manifest" before={preview.data.manifest.before} after={preview.data.manifest.after} beforeName="deployed" afterName={`revision ${preview.data.revision}`} />
          </>
        )}
      </section>
    </div>
  );
}
