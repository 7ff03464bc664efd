/**
 * Starting lifecycle operations the way the web server does, without Next.js: the release lock is taken (one
 * operation per release across every Hookline process sharing the database), the Operation row is created through
 * the recorder with its owning process, every start, refusal and end goes to the audit trail, and the engine runs
 * in the background with a heartbeat and an AbortController (Cancel). Callers check the user's role first
 * (app/_server/operations.ts does, with `authorize`); tests and other processes call this directly.
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Chart } from "@/lib/chart/types";
import type { Db } from "@/lib/db/client";
import { acquireReleaseLock, releaseLockHolder, releaseLockKey, releaseReleaseLock } from "@/lib/db/release-lock";
import type { KubeClient } from "@/lib/kube";
import {
  createOperationRecorder,
  hooklineRenderer,
  processLocks,
  runInstall,
  runRollback,
  runTest,
  runUninstall,
  runUpgrade,
  type Configuration,
  type EventSink,
} from "@/lib/lifecycle";
import { currentOwner, operationTimings, reconcileInterruptedOperations } from "@/lib/lifecycle/recovery";
import { maskValues } from "@/lib/mask/secrets";
import { createReleaseStore } from "@/lib/release";
import { chartFromRelease } from "@/lib/render/release-chart";
import { startHeartbeat } from "./heartbeat";

export const operationInputSchema = z.object({
  kind: z.enum(["install", "upgrade", "rollback", "uninstall", "test"]),
  context: z.string().max(253).optional(),
  namespace: z.string().min(1).max(63),
  releaseName: z.string().min(1).max(53),
  reason: z.string().max(1000).default(""),
  timeoutSeconds: z.number().int().min(1).max(3600).default(300),
  wait: z.boolean().default(false),
  atomic: z.boolean().default(false),
  noHooks: z.boolean().default(false),
  /** Rollback target; 0 or absent means the previous revision. */
  revision: z.number().int().min(0).optional(),
  /** Upgrade/install: values as YAML, merged over the release's (helm's reuse rule applies when empty). */
  valuesYaml: z.string().max(1_000_000).default(""),
  /** Uninstall: keep the release history. */
  keepHistory: z.boolean().default(false),
});
export type OperationInput = z.input<typeof operationInputSchema>;

/** The refusal every loser of a race for a release gets (the audit entry's `why` says the same). */
export const IN_PROGRESS = "another operation is in progress";

export type StartResult = { ok: true; operationId: string } | { ok: false; error: string };

export interface OperationEnd {
  result: "succeeded" | "failed" | "cancelled";
  revision: number | null;
  error?: string;
}

/** A started operation and a promise of its end (after its lock is released and its end audited). */
export type LaunchResult = { ok: true; operationId: string; finished: Promise<OperationEnd> } | { ok: false; error: string };

export interface ClusterTarget {
  /** The kubeconfig context name, as stored on the Operation and the lock. */
  name: string;
  client: KubeClient;
}

export interface RunnerEnvironment {
  db: Db;
  /** The cluster a request names (or the default one); undefined when none is configured. */
  resolveCluster(requested: string | undefined): ClusterTarget | undefined;
  /** More listeners for the engine's events besides the database recorder. */
  sinks?: EventSink[];
  /** Default: from HOOKLINE_OPERATION_STALE_SECONDS (lib/lifecycle/recovery). */
  heartbeatMs?: number;
  /** Render charts in the render pool (servers: a hostile chart costs a worker, not the request thread). */
  renderOffThread?: boolean;
}

export interface Actor {
  /** A User id, or null for Hookline itself and harnesses. */
  id: string | null;
  name: string;
}

const running = ((globalThis as unknown as { hooklineRunning?: Map<string, AbortController> }).hooklineRunning ??= new Map());

function parseValues(yaml: string): Record<string, unknown> {
  if (!yaml.trim()) return {};
  const parsed: unknown = parseYaml(yaml);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("values must be a YAML mapping");
  return parsed as Record<string, unknown>;
}

/** Starts an operation for an already authorised actor; `chart` is required for install and optional for upgrade. */
export async function launchOperation(env: RunnerEnvironment, actor: Actor, raw: OperationInput, chart?: Chart): Promise<LaunchResult> {
  const { db } = env;
  const input = operationInputSchema.parse(raw);
  const cluster = env.resolveCluster(input.context);
  if (!cluster) return { ok: false, error: "no cluster is configured" };
  const releases = createReleaseStore({ namespace: input.namespace, client: cluster.client });
  const values = parseValues(input.valuesYaml);

  let chosen = chart;
  if (!chosen && input.kind === "upgrade") {
    const last = await releases.last(input.releaseName).catch(() => undefined);
    if (!last?.chart) return { ok: false, error: `release ${input.releaseName} has no stored chart to upgrade with` };
    chosen = await chartFromRelease(last.chart);
  }
  if (!chosen && input.kind === "install") return { ok: false, error: "install needs a chart" };

  const target = { context: cluster.name, namespace: input.namespace, releaseName: input.releaseName, reason: input.reason };
  const refuse = async (holder?: string): Promise<LaunchResult> => {
    await recordAudit(db, { actor, action: input.kind, result: "denied", ...target, details: { why: IN_PROGRESS, operationId: holder } });
    return { ok: false, error: `${IN_PROGRESS} on ${input.namespace}/${input.releaseName}${holder ? ` (operation ${holder})` : ""}` };
  };
  const lockKey = releaseLockKey(cluster.name, input.namespace, input.releaseName);
  let holder = await releaseLockHolder(db, lockKey);
  if (holder) {
    // A holder whose process died is reconciled now rather than at the next periodic round.
    const storeFor = (context: string, namespace: string) => (context === cluster.name ? createReleaseStore({ namespace, client: cluster.client }) : undefined);
    await reconcileInterruptedOperations(db, storeFor, { runningHere: isRunningHere, only: [holder] }).catch(() => undefined);
    holder = await releaseLockHolder(db, lockKey);
    if (holder) return refuse(holder);
  }

  const recorder = await createOperationRecorder(db, {
    kind: input.kind,
    namespace: input.namespace,
    releaseName: input.releaseName,
    context: cluster.name,
    options: { ...input, valuesYaml: undefined, values: maskValues(values), owner: currentOwner() },
    reason: input.reason,
    userId: actor.id ?? undefined,
  });
  if (!(await acquireReleaseLock(db, lockKey, recorder.operationId))) {
    // Lost a race with another process between the check above and here: this operation never starts.
    recorder.emit({ type: "operation.finished", at: new Date().toISOString(), operation: input.kind, outcome: "failed", error: IN_PROGRESS });
    await recorder.flush();
    return refuse(await releaseLockHolder(db, lockKey));
  }
  await recordAudit(db, { actor, action: input.kind, result: "started", ...target, details: { operationId: recorder.operationId } });

  const controller = new AbortController();
  running.set(recorder.operationId, controller);
  let lostOwnership = false;
  const heartbeat = startHeartbeat(db, recorder.operationId, {
    intervalMs: env.heartbeatMs ?? operationTimings().heartbeatMs,
    onLost: () => {
      lostOwnership = true;
      controller.abort(new Error("another Hookline process reconciled this operation as interrupted"));
    },
  });
  // The revision this operation wrote, so a failed or cancelled operation's audit entry names it too.
  let createdRevision: number | null = null;
  const revisionWatcher: EventSink = {
    emit(event) {
      if (event.type === "release.recorded" && event.write === "create") createdRevision ??= event.revision;
    },
  };
  const config: Configuration = { kube: cluster.client, releases, sinks: [recorder, revisionWatcher, ...(env.sinks ?? [])], locks: processLocks };
  const common = {
    releaseName: input.releaseName,
    namespace: input.namespace,
    timeoutMs: input.timeoutSeconds * 1000,
    wait: input.wait ? ("watcher" as const) : ("hookOnly" as const),
    noHooks: input.noHooks,
    signal: controller.signal,
  };

  const run = async () => {
    switch (input.kind) {
      case "install": {
        const { chart: record, render, crds } = hooklineRenderer(chosen!, { offThread: env.renderOffThread });
        return runInstall(config, { ...common, chart: record, render, crds, values, rollbackOnFailure: input.atomic, createNamespace: true });
      }
      case "upgrade": {
        const { chart: record, render } = hooklineRenderer(chosen!, { offThread: env.renderOffThread });
        // New values go over the release's current ones (helm's --reset-then-reuse-values), as the dialog says.
        return runUpgrade(config, { ...common, chart: record, render, values, resetThenReuseValues: true, rollbackOnFailure: input.atomic });
      }
      case "rollback":
        return runRollback(config, { ...common, revision: input.revision ?? 0 });
      case "uninstall":
        return runUninstall(config, { ...common, keepHistory: input.keepHistory });
      case "test":
        return runTest(config, { ...common });
    }
  };

  const finished = (async (): Promise<OperationEnd> => {
    const end: OperationEnd = { result: "succeeded", revision: null };
    try {
      const release = await run();
      end.revision = release?.version ?? null;
    } catch (err) {
      end.result = controller.signal.aborted && !lostOwnership ? "cancelled" : "failed";
      end.error = err instanceof Error ? err.message : String(err);
      end.revision = createdRevision;
    } finally {
      heartbeat.stop();
      running.delete(recorder.operationId);
      await recorder.flush().catch(() => undefined);
      // Audit, then unlock: a process dying in between leaves the lock, and the reconcile that frees it audits the end.
      const details = { operationId: recorder.operationId, error: end.error, ...(lostOwnership ? { lostOwnership } : {}) };
      await recordAudit(db, { actor, action: input.kind, result: end.result, revision: end.revision, ...target, details }).catch(() => undefined);
      await releaseReleaseLock(db, lockKey, recorder.operationId).catch(() => undefined);
    }
    return end;
  })();

  return { ok: true, operationId: recorder.operationId, finished };
}

/** Cancels a running operation of this process; false when it is not running here. */
export function cancelOperation(operationId: string): boolean {
  const controller = running.get(operationId);
  if (!controller) return false;
  controller.abort(new Error("cancelled by user"));
  return true;
}

export function isRunningHere(operationId: string): boolean {
  return running.has(operationId);
}
