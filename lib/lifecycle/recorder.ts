/**
 * Persists one operation's events with Prisma: an Operation row (status, times, error), every event as an
 * OperationEvent (in order), and one HookRun row per hook execution with its status, times, logs and what happened
 * to the object afterwards. Writes are queued so the operation never waits on the database, and `flush` waits for
 * them (call it before reading the rows).
 */
import type { Db } from "@/lib/db/client";
import type { EventSink, LifecycleEvent, OperationKind } from "./events";

export interface OperationRecordInput {
  kind: OperationKind;
  namespace: string;
  releaseName: string;
  /** Cluster context name as the UI shows it. */
  context?: string;
  /** The operation's options as given (stored as JSON text). */
  options?: unknown;
  reason?: string;
  userId?: string;
}

export interface OperationRecorder extends EventSink {
  readonly operationId: string;
  flush(): Promise<void>;
  /** Errors met while writing (they never fail the operation itself). */
  readonly errors: Error[];
}

function hookRunKey(e: { event: string; position: number }): string {
  return `${e.event}#${e.position}`;
}

/** Creates the Operation row (status "pending") and returns a sink that records everything that follows. */
export async function createOperationRecorder(db: Db, input: OperationRecordInput): Promise<OperationRecorder> {
  const operation = await db.operation.create({
    data: {
      kind: input.kind,
      namespace: input.namespace,
      releaseName: input.releaseName,
      context: input.context ?? "sandbox",
      options: JSON.stringify(input.options ?? {}),
      reason: input.reason ?? "",
      userId: input.userId ?? null,
    },
  });
  let seq = 0;
  let queue: Promise<void> = Promise.resolve();
  const errors: Error[] = [];
  // A hook event may run the same hook again (an event listed twice), so runs are keyed by event and position,
  // and a fresh "running" for a key that already finished starts a new row.
  const hookRuns = new Map<string, string>();

  const write = async (event: LifecycleEvent): Promise<void> => {
    const when = new Date(event.at);
    await db.operationEvent.create({
      data: { operationId: operation.id, seq: ++seq, at: when, type: event.type, payload: JSON.stringify(event) },
    });
    switch (event.type) {
      // Status changes only apply to an operation still in flight: one that crash recovery has meanwhile marked
      // interrupted (its heartbeat went stale) stays so.
      case "operation.started":
        await db.operation.updateMany({ where: { id: operation.id, status: "pending" }, data: { status: "running", startedAt: when, revision: event.revision ?? null } });
        break;
      case "release.recorded":
        await db.operation.update({ where: { id: operation.id }, data: { revision: event.revision } });
        break;
      case "operation.finished":
        await db.operation.updateMany({
          where: { id: operation.id, status: { in: ["pending", "running"] } },
          data: { status: event.outcome, finishedAt: when, error: event.error ?? null, revision: event.revision ?? undefined },
        });
        break;
      case "hook.running": {
        const row = await db.hookRun.create({
          data: {
            operationId: operation.id,
            event: event.event,
            kind: event.kind,
            name: event.name,
            namespace: event.namespace,
            weight: event.weight,
            deletePolicies: JSON.stringify(event.deletePolicies),
            status: "running",
            startedAt: when,
            manifest: event.manifest,
          },
        });
        hookRuns.set(hookRunKey(event), row.id);
        break;
      }
      case "hook.succeeded":
      case "hook.failed":
      case "hook.timedOut": {
        const id = hookRuns.get(hookRunKey(event));
        if (!id) break;
        const status = event.type === "hook.succeeded" ? "succeeded" : event.type === "hook.failed" ? "failed" : "timed out";
        await db.hookRun.update({ where: { id }, data: { status, finishedAt: when } });
        break;
      }
      case "hook.deleted": {
        const id = hookRuns.get(hookRunKey(event));
        // before-hook-creation runs before this run's row exists; it is about the previous object, so only the
        // event keeps it.
        if (!id || event.policy === "before-hook-creation") break;
        await db.hookRun.update({ where: { id }, data: { deleteOutcome: "deleted", deletedBy: event.policy } });
        break;
      }
      case "hook.retained": {
        const id = hookRuns.get(hookRunKey(event));
        if (!id) break;
        await db.hookRun.update({ where: { id }, data: { deleteOutcome: `retained: ${event.reason}` } });
        break;
      }
      case "logs.captured": {
        if (event.event === undefined || event.position === undefined) break;
        const id = hookRuns.get(hookRunKey({ event: event.event, position: event.position }));
        if (!id) break;
        const row = await db.hookRun.findUnique({ where: { id }, select: { logs: true } });
        const header = `==> ${event.pod}/${event.container} <==\n`;
        await db.hookRun.update({ where: { id }, data: { logs: (row?.logs ?? "") + header + event.text } });
        break;
      }
      default:
        break;
    }
  };

  return {
    operationId: operation.id,
    errors,
    emit(event: LifecycleEvent) {
      queue = queue.then(() => write(event)).catch((error: unknown) => {
        errors.push(error instanceof Error ? error : new Error(String(error)));
      });
    },
    flush: () => queue,
  };
}
