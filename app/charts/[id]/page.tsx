/** One chart's workspace: loads its files on the server and hands them to the client-side editor and preview. */
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChartWorkspace } from "@/components/workspace/ChartWorkspace";
import { QueryProvider } from "@/components/workspace/QueryProvider";
import { recordAudit } from "@/lib/audit/record";
import { deployTargets, whyNoDeployTarget } from "@/lib/auth/deploy-targets";
import { grantsOf } from "@/lib/auth/grants";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { maskChartFile } from "@/lib/mask/source";
import { isEditableText } from "@/lib/workspace/file-tree";
import { requirePageUser } from "@/app/_server/session";
import { loadChartFiles } from "../_server/chart-store";
import { DeployChartButtons } from "@/components/operations/DeployChartButtons";
import { listContexts } from "@/app/_server/clusters";
import type { DiffTarget } from "@/components/workspace/query-keys";

export const dynamic = "force-dynamic";

/** The release a chart was imported from, as its import's audit entry records it; null for uploads. */
async function importOrigin(chartId: string, source: string): Promise<DiffTarget | null> {
  if (source !== "release") return null;
  const entry = await db().auditEntry.findFirst({ where: { action: "chart-import", details: { contains: `"chartId":"${chartId}"` } }, select: { details: true } });
  if (!entry) return null;
  try {
    const d = JSON.parse(entry.details) as { context?: unknown; namespace?: unknown; release?: unknown };
    if (typeof d.namespace !== "string" || typeof d.release !== "string") return null;
    return { context: typeof d.context === "string" ? d.context : undefined, namespace: d.namespace, releaseName: d.release };
  } catch {
    return null;
  }
}

export default async function ChartWorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const chart = await loadChartFiles(id);
  if (!chart) notFound();

  // Readers without the unmask permission (viewers) get the files with secret-looking values masked; they cannot
  // save, so the masked text never goes back into the chart. Those with it (operators, admins) edit the real text,
  // and opening files that hold secrets is audited (which files, never their content).
  const unmasked = can(user.role, "unmask-secrets");
  const textFiles: Record<string, string> = {};
  const binaryFiles: Record<string, string> = {};
  const withSecrets: string[] = [];
  for (const f of chart.files) {
    const bytes = new Uint8Array(f.content);
    if (isEditableText(bytes)) {
      const text = new TextDecoder().decode(bytes);
      const masked = maskChartFile(f.path, text);
      if (masked !== text) withSecrets.push(f.path);
      textFiles[f.path] = unmasked ? text : masked;
    } else binaryFiles[f.path] = Buffer.from(bytes).toString("base64");
  }
  if (unmasked && withSecrets.length > 0) {
    await recordAudit(db(), {
      actor: { id: user.id, name: user.username },
      action: "unmask-secrets",
      result: "succeeded",
      details: { chartId: chart.id, chart: chart.name, files: withSecrets },
    });
  }

  const origin = await importOrigin(chart.id, chart.source);
  const contexts = listContexts().map((c) => c.name);
  // Where this user may deploy the chart: the dialog offers only these; the server action checks again.
  const grants = await grantsOf(db(), user.id);
  const targets = deployTargets(user.role, grants, contexts);
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/charts" className="hover:underline">
            Charts
          </Link>{" "}
          / {chart.source}
        </p>
        <div className="mt-1 flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            {chart.name} <span className="text-base font-normal text-slate-500">{chart.version}</span>
          </h1>
          {can(user.role, "install") && (
            <DeployChartButtons chartId={chart.id} chartName={chart.name} targets={targets} whyNone={whyNoDeployTarget(grants, contexts)} />
          )}
        </div>
      </div>
      <QueryProvider>
        <ChartWorkspace chartId={chart.id} textFiles={textFiles} binaryFiles={binaryFiles} canEdit={can(user.role, "install")} origin={origin} contexts={contexts} />
      </QueryProvider>
    </div>
  );
}
