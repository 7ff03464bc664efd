/**
 * Crash recovery: operations that were running when Hookline stopped are found at the next start and reconciled to
 * a true state. The Operation is marked `interrupted`; if the release's latest record is still pending (the engine
 * died between "Preparing upgrade" and its end), that record is marked failed with a description that says what
 * happened, so the release is no longer locked; the audit trail records both. Nothing is deleted or guessed.
 */
import { hostname } from "node:os";
import type { Db } from "@/lib/db/client";
import { isPendingStatus, nowGoTime, ReleaseNotFoundError, type ReleaseStore } from "@/lib/release";

export interface InterruptedOperation {
  operationId: string;
  kind: string;
  context: string;
  namespace: string;
  releaseName: string;
  /** What was done to the release record: marked failed (it was pending), left as it was, or not reachable. */
  release: "marked-failed" | "unchanged" | "unreachable";
  revision?: number;
}

const INTERRUPTED = "interrupted";

/** Which Hookline process runs an operation; stored in the Operation's options so a restart can tell whose it is. */
export interface OperationOwner {
  host: string;
  pid: number;
}

export function currentOwner(): OperationOwner {
  return { host: hostname(), pid: process.pid };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether an operation left running is really orphaned: its process on this host is gone (or it names none, as rows
 * written before owners were recorded). Operations of other hosts are left alone: with a shared PostgreSQL database
 * another Hookline may be running them right now. (Telling a dead host from a live one needs heartbeats.)
 */
function orphaned(options: string): boolean {
  let owner: Partial<OperationOwner> | undefined;
  try {
    owner = (JSON.parse(options) as { owner?: Partial<OperationOwner> }).owner;
  } catch {
    owner = undefined;
  }
  if (!owner || typeof owner.pid !== "number" || typeof owner.host !== "string") return true;
  if (owner.host !== hostname()) return false;
  return owner.pid === process.pid ? false : !isAlive(owner.pid);
}

/** The release stores of a context/namespace, or undefined when that cluster cannot be reached now. */
export type StoreFor = (context: string, namespace: string) => ReleaseStore | undefined;

export async function reconcileInterruptedOperations(db: Db, storeFor: StoreFor, now = new Date()): Promise<InterruptedOperation[]> {
  const running = await db.operation.findMany({ where: { status: { in: ["pending", "running"] } }, orderBy: { createdAt: "asc" } });
  const stale = running.filter((op) => orphaned(op.options));
  const results: InterruptedOperation[] = [];
  for (const op of stale) {
    const reason = `Hookline stopped while this ${op.kind} was running`;
    const result: InterruptedOperation = { operationId: op.id, kind: op.kind, context: op.context, namespace: op.namespace, releaseName: op.releaseName, release: "unreachable" };
    const store = storeFor(op.context, op.namespace);
    if (store) {
      try {
        const last = await store.last(op.releaseName);
        result.revision = last.version;
        if (isPendingStatus(last.info.status)) {
          last.info.status = "failed";
          last.info.description = `Release "${op.releaseName}" failed: ${reason} (operation ${op.id})`;
          last.info.last_deployed = nowGoTime();
          await store.update(last);
          result.release = "marked-failed";
        } else {
          result.release = "unchanged";
        }
      } catch (err) {
        result.release = err instanceof ReleaseNotFoundError ? "unchanged" : "unreachable";
      }
    }
    const seq = (await db.operationEvent.count({ where: { operationId: op.id } })) + 1;
    await db.$transaction([
      db.operation.update({ where: { id: op.id }, data: { status: INTERRUPTED, finishedAt: now, error: reason, revision: op.revision ?? result.revision ?? null } }),
      db.operationEvent.create({
        data: {
          operationId: op.id,
          seq,
          at: now,
          type: "operation.finished",
          payload: JSON.stringify({ type: "operation.finished", at: now.toISOString(), operation: op.kind, outcome: "failed", revision: result.revision, error: reason }),
        },
      }),
      db.hookRun.updateMany({ where: { operationId: op.id, status: { in: ["pending", "running"] } }, data: { status: INTERRUPTED, finishedAt: now } }),
      db.releaseLock.deleteMany({ where: { operationId: op.id } }),
      db.auditEntry.create({
        data: {
          actorName: "hookline",
          action: `${op.kind}-recovered`,
          result: "failed",
          context: op.context,
          namespace: op.namespace,
          releaseName: op.releaseName,
          revision: result.revision ?? null,
          reason,
          details: JSON.stringify({ operationId: op.id, release: result.release }),
        },
      }),
    ]);
    results.push(result);
  }
  return results;
}

/**
 * Unlocks a release whose latest record is stuck in pending-* (a crashed helm CLI, a killed CI job, an interrupted
 * Hookline): the record is marked failed with a description naming who recovered it, after which upgrade and
 * rollback work again (helm refuses both while the last record is pending). Refuses when the release is not pending,
 * and never touches cluster resources: what to do next is the user's choice (roll back or upgrade).
 */
export async function recoverPendingRelease(store: ReleaseStore, name: string, by: string): Promise<{ revision: number; previousStatus: string }> {
  const last = await store.last(name);
  if (!isPendingStatus(last.info.status)) throw new Error(`release ${name} is ${last.info.status}, not pending: nothing to recover`);
  const previousStatus = last.info.status;
  last.info.status = "failed";
  last.info.description = `Release "${name}" failed: marked failed by ${by} after it was left ${previousStatus}`;
  last.info.last_deployed = nowGoTime();
  await store.update(last);
  return { revision: last.version, previousStatus };
}
