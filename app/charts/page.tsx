/** The charts list: every chart in the workspace, and (for operators) the ways to import one. */
import { ChartsTable } from "@/components/workspace/ChartsTable";
import { ImportChartForms } from "@/components/workspace/ImportChartForms";
import { can } from "@/lib/auth/roles";
import { listContexts } from "../_server/clusters";
import { requirePageUser } from "../_server/session";
import { listCharts } from "./_server/chart-store";

export const dynamic = "force-dynamic";

export default async function ChartsPage() {
  const user = await requirePageUser();
  const charts = await listCharts();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Charts</h1>
        <p className="mt-1 text-sm text-slate-600">Charts you edit in the browser, with a live preview of what they render and what their hooks will do.</p>
      </div>
      {can(user.role, "install") ? (
        <ImportChartForms contexts={listContexts().map((c) => c.name)} />
      ) : (
        <p className="text-sm text-slate-500">Your role ({user.role}) may read charts; an operator can import and edit them.</p>
      )}
      <section role="region" aria-label="Charts list" className="rounded-lg border border-slate-200 bg-white p-4">
        <ChartsTable charts={charts} />
      </section>
    </div>
  );
}
