"use client";

import { useState, useTransition } from "react";
import { revealRevisionSecrets } from "@/app/releases/[namespace]/[name]/reveal-actions";
import { UnifiedDiff } from "@/components/UnifiedDiff";

type Texts = { manifest: string; values: string };

/**
 * The manifest and values diff of two revisions, secrets masked. Operators and admins get a "Show secrets" toggle:
 * it asks the server for the unmasked texts (a role-checked, audited action) and shows them until toggled back.
 * Viewers never get the toggle, and the server would refuse them anyway.
 */
export function RevisionDiff({
  context,
  namespace,
  release,
  from,
  to,
  masked,
  canReveal,
}: {
  context: string;
  namespace: string;
  release: string;
  from: number;
  to: number;
  masked: { from: Texts; to: Texts };
  canReveal: boolean;
}) {
  const [revealed, setRevealed] = useState<{ key: string; from: Texts; to: Texts } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const key = `${from}:${to}`;
  // A reveal belongs to the revisions it was asked for; comparing other revisions shows them masked again.
  const shown = revealed?.key === key ? revealed : null;
  const texts = shown ?? masked;
  const note = shown ? "secrets shown" : "secrets masked";

  const toggle = () => {
    setError(null);
    if (shown) return setRevealed(null);
    start(async () => {
      const result = await revealRevisionSecrets({ context, namespace, releaseName: release, revisions: [from, to] });
      if (!result.ok) return setError(result.error);
      setRevealed({ key, from: result.revisions[from], to: result.revisions[to] });
    });
  };

  return (
    <div className="space-y-3">
      {canReveal && (
        <div className="flex items-center gap-3 text-sm">
          <button type="button" aria-pressed={shown !== null} disabled={pending} onClick={toggle} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 disabled:opacity-50">
            {shown ? "Hide secrets" : "Show secrets"}
          </button>
          <span className="text-xs text-slate-500">Showing secrets is recorded in the audit trail.</span>
          {error && (
            <span role="alert" className="text-red-700">
              {error}
            </span>
          )}
        </div>
      )}
      <h3 className="text-sm font-medium text-slate-700">Manifest ({note})</h3>
      <UnifiedDiff label="manifest" before={texts.from.manifest} after={texts.to.manifest} beforeName={`revision ${from}`} afterName={`revision ${to}`} />
      <h3 className="text-sm font-medium text-slate-700">User-supplied values ({note})</h3>
      <UnifiedDiff label="values" before={texts.from.values} after={texts.to.values} beforeName={`revision ${from}`} afterName={`revision ${to}`} />
    </div>
  );
}
