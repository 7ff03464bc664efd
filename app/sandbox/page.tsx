import { RemoveScenarioButton, ResetSandboxButton, ScenarioForm } from "@/components/ScenarioForm";
import { can } from "@/lib/auth/roles";
import { listScenarios, sandboxUrl, type Scenario } from "../_server/sandbox";
import { requirePageUser } from "../_server/session";

export const dynamic = "force-dynamic";

export default async function SandboxPage() {
  const user = await requirePageUser();
  const url = sandboxUrl();
  let scenarios: Scenario[] = [];
  let error: string | undefined;
  if (url) {
    try {
      scenarios = await listScenarios();
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
  }
  const admin = can(user.role, "sandbox");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sandbox scenarios</h1>
        <p className="mt-1 text-sm text-slate-600">Rehearse failures: make a hook fail, hang or run slowly in the next operation, without touching the chart.</p>
      </div>
      {!url && <p className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">Hookline is working on a real cluster (KUBECONFIG), which has no scenarios.</p>}
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      )}
      {url && (
        <>
          <section aria-label="Active scenarios" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="mb-3 text-lg font-medium">Waiting for the next operation</h2>
            {scenarios.length === 0 ? (
              <p className="text-sm text-slate-500">No scenarios: hooks behave as their chart says.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {scenarios.map((s) => (
                  <li key={s.id} className="flex items-center gap-3">
                    <span>
                      {s.kind}/{s.name} {s.namespace ? `in ${s.namespace}` : "in any namespace"} will <strong>{s.action}</strong>
                      {s.duration ? ` after ${s.duration}` : ""} ({s.used}/{s.times || "∞"} used)
                    </span>
                    {admin && <RemoveScenarioButton scenario={s} />}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {admin ? (
            <section aria-label="Add a scenario" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
              <ScenarioForm />
              <div className="border-t border-slate-100 pt-4">
                <ResetSandboxButton />
              </div>
            </section>
          ) : (
            <p className="text-sm text-slate-500">Only administrators can change the sandbox.</p>
          )}
        </>
      )}
    </div>
  );
}
