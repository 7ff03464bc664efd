/**
 * One release as its page shows it: every revision from Helm's release records (newest first), the hooks of the
 * latest one, who made each revision when Hookline did, manifests and values with secrets masked for diffs, and
 * the audit trail. Nothing secret or credential-bearing leaves this module unmasked.
 */
import { stringify } from "yaml";
import type { KubeClient } from "@/lib/kube";
import { createReleaseStore, type Release } from "@/lib/release";
import { maskManifest, maskValues } from "@/lib/mask/secrets";
import { db } from "@/lib/db/client";
import { buildHookPlan, type HookPlan } from "@/lib/hooks";
import { planChartOffThread } from "@/lib/render/off-thread";
import { chartFromRelease } from "@/lib/render/release-chart";
import type { PlannedHookSummary } from "@/components/operations/OperationButtons";
import { releaseSnapshot } from "./upgrade-preview";

export interface ReleaseHookView {
  name: string;
  kind: string;
  events: string[];
  weight: number;
  deletePolicies: string[];
  phase: string;
  startedAt?: string;
  completedAt?: string;
}

export interface RevisionView {
  revision: number;
  status: string;
  chart: string;
  appVersion: string;
  updated: string | null;
  description: string;
  by: string | null;
  reason: string;
}

export interface AuditView {
  at: string;
  actor: string;
  action: string;
  revision: number | null;
  result: string;
  reason: string;
}

export interface ReleaseDetail {
  name: string;
  namespace: string;
  latest: RevisionView;
  hooks: ReleaseHookView[];
  revisions: RevisionView[];
  audit: AuditView[];
  /** The hooks each operation would run, in execution order, for the confirmation dialogs. */
  plans: Record<"upgrade" | "rollback" | "uninstall" | "test", PlannedHookSummary[]>;
  /** Masked manifest and values (as YAML) per revision, for diffs. */
  snapshots: Record<number, { manifest: string; values: string }>;
}

function revisionView(r: Release, byRevision: Map<number, { by: string; reason: string }>): RevisionView {
  const meta = r.chart?.metadata;
  const op = byRevision.get(r.version);
  return {
    revision: r.version,
    status: r.info.status,
    chart: meta ? `${meta.name ?? ""}-${meta.version ?? ""}` : "",
    appVersion: meta?.appVersion ?? "",
    updated: r.info.last_deployed ?? null,
    description: r.info.description,
    by: op?.by ?? null,
    reason: op?.reason ?? "",
  };
}

function summaries(plan: HookPlan, events: string[]): PlannedHookSummary[] {
  return events.flatMap((event) =>
    (plan.events[event as keyof HookPlan["events"]] ?? []).map((h) => ({
      event,
      kind: h.kind,
      name: h.name,
      weight: h.weight,
      deletePolicies: h.deletePolicies,
      onSuccess: h.onSuccess,
      onFailure: h.onFailure,
    })),
  );
}

/** An upgrade re-renders the stored chart with the stored values; the other operations run the stored hooks. */
async function operationPlans(latest: Release): Promise<ReleaseDetail["plans"]> {
  const stored = buildHookPlan(latest.hooks.map((h) => ({ source: h.path, text: h.manifest })), { namespace: latest.namespace });
  let upgrade: PlannedHookSummary[] = [];
  if (latest.chart) {
    try {
      const chart = await chartFromRelease(latest.chart);
      const { plan } = await planChartOffThread(chart, {
        release: { name: latest.name, namespace: latest.namespace, revision: latest.version + 1, isUpgrade: true },
        values: { valueFiles: [{ name: "values", content: JSON.stringify(latest.config) }] },
        limits: { timeoutMs: 10_000 },
      });
      upgrade = summaries(plan, ["pre-upgrade", "post-upgrade"]);
    } catch {
      upgrade = [];
    }
  }
  return {
    upgrade,
    rollback: summaries(stored, ["pre-rollback", "post-rollback"]),
    uninstall: summaries(stored, ["pre-delete", "post-delete"]),
    test: summaries(stored, ["test"]),
  };
}

export async function loadReleaseDetail(client: KubeClient, context: string, namespace: string, name: string): Promise<ReleaseDetail | null> {
  const store = createReleaseStore({ namespace, client });
  const history = (await store.history(name).catch(() => [] as Release[])).sort((a, b) => b.version - a.version);
  if (history.length === 0) return null;

  const operations = await db().operation.findMany({
    where: { context, namespace, releaseName: name, revision: { not: null } },
    include: { user: { select: { username: true } } },
    orderBy: { createdAt: "asc" },
  });
  const byRevision = new Map(operations.map((op) => [op.revision!, { by: op.user?.username ?? "hookline", reason: op.reason }]));
  const audit = await db().auditEntry.findMany({ where: { context, namespace, releaseName: name }, orderBy: { at: "desc" }, take: 200 });

  const latest = history[0];
  return {
    name,
    namespace,
    latest: revisionView(latest, byRevision),
    hooks: latest.hooks.map((h) => ({
      name: h.name,
      kind: h.kind,
      events: h.events,
      weight: h.weight,
      deletePolicies: h.delete_policies,
      phase: h.last_run.phase,
      startedAt: h.last_run.started_at,
      completedAt: h.last_run.completed_at,
    })),
    revisions: history.map((r) => revisionView(r, byRevision)),
    plans: await operationPlans(latest),
    audit: audit.map((a) => ({ at: a.at.toISOString(), actor: a.actorName, action: a.action, revision: a.revision, result: a.result, reason: a.reason })),
    snapshots: Object.fromEntries(
      history.map((r) => [
        r.version,
        {
          manifest: maskManifest(releaseSnapshot(r)),
          values: stringify(maskValues(r.config), { sortMapEntries: true }),
        },
      ]),
    ),
  };
}
