/**
 * One release as its page shows it: every revision from Helm's release records (newest first), the hooks of the
 * latest one, who made each revision when Hookline did, manifests and values with secrets masked for diffs, and
 * the audit trail. Nothing secret or credential-bearing leaves this module unmasked, except through
 * `revisionTexts(…, { masked: false })`, which only the audited, role-checked reveal action calls.
 */
import { stringify } from "yaml";
import type { KubeClient } from "@/lib/kube";
import { createReleaseStore, type Release } from "@/lib/release";
import { maskManifest } from "@/lib/mask/secrets";
import { db } from "@/lib/db/client";
import { buildHookPlan } from "@/lib/hooks";
import { planChartOffThread } from "@/lib/render/off-thread";
import { chartFromRelease } from "@/lib/render/release-chart";
import type { PlannedHookSummary } from "@/components/operations/OperationButtons";
import { planSummaries, releaseSnapshot, upgradeRenderCluster, valuesSnapshot } from "./upgrade-preview";

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
  /** The Hookline operation that made this revision, for a link to its timeline. */
  operationId: string | null;
}

export interface AuditView {
  at: string;
  actor: string;
  action: string;
  revision: number | null;
  result: string;
  reason: string;
  /** The operation the entry is about, for a link to its timeline. */
  operationId: string | null;
  /** Why it failed or was refused, when the entry says. */
  detail: string;
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

type RevisionAuthor = { by: string; reason: string; operationId: string };

/** A revision's manifest (hooks included) and user-supplied values as YAML: masked for display, or as stored. */
export function revisionTexts(r: Release, { masked }: { masked: boolean }): { manifest: string; values: string } {
  const manifest = releaseSnapshot(r);
  return {
    manifest: masked ? maskManifest(manifest) : manifest,
    values: masked ? valuesSnapshot(r.config) : stringify(r.config, { sortMapEntries: true }),
  };
}

function revisionView(r: Release, byRevision: Map<number, RevisionAuthor>): RevisionView {
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
    operationId: op?.operationId ?? null,
  };
}

/** The operation id and the failure or refusal reason an audit entry's details carry, if any. */
function auditDetails(json: string): { operationId: string | null; detail: string } {
  let details: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) details = parsed as Record<string, unknown>;
  } catch {
    // an unreadable details column only loses the extras
  }
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return { operationId: text(details.operationId) || null, detail: text(details.error) || text(details.why) };
}

/**
 * An upgrade re-renders the stored chart with the stored values — against the live cluster as the upgrade would (its
 * capabilities and lookup) when `liveCluster`, the reader's own upgrade client, is given (see upgrade-preview.ts),
 * with helm template's defaults otherwise; the other operations run the stored hooks.
 */
export async function operationPlans(latest: Release, liveCluster?: KubeClient): Promise<ReleaseDetail["plans"]> {
  const stored = buildHookPlan(latest.hooks.map((h) => ({ source: h.path, text: h.manifest })), { namespace: latest.namespace });
  let upgrade: PlannedHookSummary[] = [];
  if (latest.chart) {
    try {
      const chart = await chartFromRelease(latest.chart);
      const { plan } = await planChartOffThread(chart, {
        release: { name: latest.name, namespace: latest.namespace, revision: latest.version + 1, isUpgrade: true },
        values: { valueFiles: [{ name: "values", content: JSON.stringify(latest.config) }] },
        limits: { timeoutMs: 10_000 },
        cluster: await upgradeRenderCluster(liveCluster),
      });
      upgrade = planSummaries(plan, ["pre-upgrade", "post-upgrade"]);
    } catch {
      upgrade = [];
    }
  }
  return {
    upgrade,
    rollback: planSummaries(stored, ["pre-rollback", "post-rollback"]),
    uninstall: planSummaries(stored, ["pre-delete", "post-delete"]),
    test: planSummaries(stored, ["test"]),
  };
}

export async function loadReleaseDetail(
  client: KubeClient,
  context: string,
  namespace: string,
  name: string,
  options: { liveCluster?: KubeClient } = {},
): Promise<ReleaseDetail | null> {
  const store = createReleaseStore({ namespace, client });
  const history = (await store.history(name).catch(() => [] as Release[])).sort((a, b) => b.version - a.version);
  if (history.length === 0) return null;

  const operations = await db().operation.findMany({
    where: { context, namespace, releaseName: name, revision: { not: null } },
    include: { user: { select: { username: true } } },
    orderBy: { createdAt: "asc" },
  });
  const byRevision = new Map<number, RevisionAuthor>(operations.map((op) => [op.revision!, { by: op.user?.username ?? "hookline", reason: op.reason, operationId: op.id }]));
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
    plans: await operationPlans(latest, options.liveCluster),
    audit: audit.map((a) => ({ at: a.at.toISOString(), actor: a.actorName, action: a.action, revision: a.revision, result: a.result, reason: a.reason, ...auditDetails(a.details) })),
    snapshots: Object.fromEntries(history.map((r) => [r.version, revisionTexts(r, { masked: true })])),
  };
}
