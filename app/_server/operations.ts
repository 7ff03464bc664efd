/**
 * Starting and cancelling lifecycle operations from the web app. A request never waits for an operation: the caller's
 * role is checked, the Operation row is created, the engine runs in the background of this server process with a
 * recorder that stores every event (the timeline reads them back over SSE), and the operation's id is returned at
 * once. Every start, refusal and end is in the audit trail.
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Chart } from "@/lib/chart/types";
import { db } from "@/lib/db/client";
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
} from "@/lib/lifecycle";
import { createReleaseStore } from "@/lib/release";
import { chartFromRelease } from "@/lib/render/release-chart";
import { currentOwner } from "@/lib/lifecycle/recovery";
import { acquireReleaseLock, releaseLockHolder, releaseLockKey, releaseReleaseLock } from "@/lib/db/release-lock";
import { maskValues } from "@/lib/mask/secrets";
import type { SessionUser } from "@/lib/auth/sessions";
import { clientFor, resolveContext } from "./clusters";

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

export type StartResult = { ok: true; operationId: string } | { ok: false; error: string };

const running = (globalThis as unknown as { hooklineRunning?: Map<string, AbortController> }).hooklineRunning ??= new Map();

function parseValues(yaml: string): Record<string, unknown> {
  if (!yaml.trim()) return {};
  const parsed: unknown = parseYaml(yaml);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("values must be a YAML mapping");
  return parsed as Record<string, unknown>;
}

/** Starts an operation for an already authorised user; `chart` is required for install and optional for upgrade. */
export async function startOperation(user: SessionUser, raw: OperationInput, chart?: Chart): Promise<StartResult> {
  const input = operationInputSchema.parse(raw);
  const context = resolveContext(input.context);
  if (!context) return { ok: false, error: "no cluster is configured" };
  const client = clientFor(context);
  const releases = createReleaseStore({ namespace: input.namespace, client });
  const values = parseValues(input.valuesYaml);

  let chosen = chart;
  if (!chosen && input.kind === "upgrade") {
    const last = await releases.last(input.releaseName).catch(() => undefined);
    if (!last?.chart) return { ok: false, error: `release ${input.releaseName} has no stored chart to upgrade with` };
    chosen = await chartFromRelease(last.chart);
  }
  if (!chosen && input.kind === "install") return { ok: false, error: "install needs a chart" };

  const lockKey = releaseLockKey(context.name, input.namespace, input.releaseName);
  const holder = await releaseLockHolder(db(), lockKey);
  if (holder) {
    await recordAudit(db(), { actor: { id: user.id, name: user.username }, action: input.kind, result: "denied", context: context.name, namespace: input.namespace, releaseName: input.releaseName, reason: input.reason, details: { why: "another operation is in progress", operationId: holder } });
    return { ok: false, error: `another operation is in progress on ${input.namespace}/${input.releaseName} (operation ${holder})` };
  }

  const recorder = await createOperationRecorder(db(), {
    kind: input.kind,
    namespace: input.namespace,
    releaseName: input.releaseName,
    context: context.name,
    options: { ...input, valuesYaml: undefined, values: maskValues(values), owner: currentOwner() },
    reason: input.reason,
    userId: user.id,
  });
  const actor = { id: user.id, name: user.username };
  const target = { context: context.name, namespace: input.namespace, releaseName: input.releaseName, reason: input.reason };
  if (!(await acquireReleaseLock(db(), lockKey, recorder.operationId))) {
    // Lost a race with another process between the check above and here: this operation never starts.
    recorder.emit({ type: "operation.finished", at: new Date().toISOString(), operation: input.kind, outcome: "failed", error: "another operation is in progress" });
    await recorder.flush();
    await recordAudit(db(), { actor, action: input.kind, result: "denied", ...target, details: { why: "another operation is in progress" } });
    return { ok: false, error: `another operation is in progress on ${input.namespace}/${input.releaseName}` };
  }
  await recordAudit(db(), { actor, action: input.kind, result: "started", ...target, details: { operationId: recorder.operationId } });

  const controller = new AbortController();
  running.set(recorder.operationId, controller);
  const config: Configuration = { kube: client, releases, sinks: [recorder], locks: processLocks };
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
        const { chart: record, render } = hooklineRenderer(chosen!, { offThread: true });
        return runInstall(config, { ...common, chart: record, render, values, rollbackOnFailure: input.atomic, createNamespace: true });
      }
      case "upgrade": {
        const { chart: record, render } = hooklineRenderer(chosen!, { offThread: true });
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

  void (async () => {
    let result: "succeeded" | "failed" | "cancelled" = "succeeded";
    let error: string | undefined;
    let revision: number | null = null;
    try {
      const release = await run();
      revision = release?.version ?? null;
    } catch (err) {
      result = controller.signal.aborted ? "cancelled" : "failed";
      error = err instanceof Error ? err.message : String(err);
    } finally {
      running.delete(recorder.operationId);
      await recorder.flush().catch(() => undefined);
      await releaseReleaseLock(db(), lockKey, recorder.operationId).catch(() => undefined);
      await recordAudit(db(), { actor, action: input.kind, result, ...target, revision, details: { operationId: recorder.operationId, error } }).catch(() => undefined);
    }
  })();

  return { ok: true, operationId: recorder.operationId };
}

/** Cancels a running operation of this server process; false when it is not running here. */
export function cancelOperation(operationId: string): boolean {
  const controller = running.get(operationId);
  if (!controller) return false;
  controller.abort(new Error("cancelled by user"));
  return true;
}

export function isRunningHere(operationId: string): boolean {
  return running.has(operationId);
}
