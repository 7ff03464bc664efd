import type { PlannedHookSummary } from "./OperationButtons";

/** The hooks an operation will run, in execution order, with what happens to each on success and on failure. */
export function HookPlanList({ hooks, note }: { hooks: PlannedHookSummary[]; note?: string }) {
  return (
    <section aria-label="Hook plan" className="rounded-md border border-slate-200 p-3">
      <h3 className="mb-2 text-sm font-medium">
        Hooks that will run, in order
        {note && <span className="ml-2 text-xs font-normal text-slate-500">{note}</span>}
      </h3>
      {hooks.length === 0 ? (
        <p className="text-sm text-slate-500">No hooks.</p>
      ) : (
        <ol className="space-y-1 text-sm">
          {hooks.map((h, i) => (
            <li key={i}>
              <span className="font-mono text-xs text-slate-500">{h.event}</span> {h.kind}/{h.name} · weight {h.weight} · on success {h.onSuccess}, on failure {h.onFailure}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
