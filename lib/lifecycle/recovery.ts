/**
 * Crash recovery: operations whose Hookline process is gone are found and reconciled to a true state, at start and
 * periodically while Hookline runs, by any Hookline process sharing the database. The Operation is marked
 * `interrupted`; if the release's latest record is still pending (the engine died between "Preparing upgrade" and
 * its end), that record is marked failed with a description that says what happened; the release lock is freed; the
 * audit trail records it. Nothing is deleted or guessed.
 *
 * Whose operation is dead: the process running an operation records itself as its owner ({host, pid}) and renews
 * the Operation's heartbeat every few seconds (lib/operations/heartbeat). An operation is orphaned when its owner
 * is a process of this host that no longer exists, or when its heartbeat is older than the staleness threshold
 * (HOOKLINE_OPERATION_STALE_SECONDS, default 60): that covers dead hosts, and pids reused after a restart. A live
 * operation of another host, with a fresh heartbeat, is never touched. Hosts sharing a database must have distinct
 * host names (the pid check trusts them), and their clocks must agree to well within the threshold (NTP).
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
  /** Why its owner is considered gone. */
  cause: OrphanCause;
  /** What was done to the release record: marked failed (it was pending), left as it was, or not reachable. */
  release: "marked-failed" | "unchanged" | "unreachable";
  revision?: number;
}

export interface ReconcileReport {
  interrupted: InterruptedOperation[];
  /** Locks (release keys) left by a dead process after its operation had ended, or naming no operation. */
  freedLocks: string[];
  /** Orphaned operations left for a later round: their cluster did not answer, so their release record could not be settled. */
  deferred: string[];
}

const INTERRUPTED = "interrupted";
const ACTIVE = ["pending", "running"];

/** Which Hookline process runs an operation; stored in the Operation's options so a restart can tell whose it is. */
export interface OperationOwner {
  host: string;
  pid: number;
}

export function currentOwner(): OperationOwner {
  return { host: hostname(), pid: process.pid };
}

/** How long heartbeats may be missing before an operation counts as orphaned, how often they are sent and checked. */
export interface OperationTimings {
  staleAfterMs: number;
  heartbeatMs: number;
  reconcileEveryMs: number;
}

export const DEFAULT_STALE_SECONDS = 60;

/** From HOOKLINE_OPERATION_STALE_SECONDS: heartbeats at most every 5 s (4 per period), checks twice per period. */
export function operationTimings(env: Record<string, string | undefined> = process.env): OperationTimings {
  const raw = env.HOOKLINE_OPERATION_STALE_SECONDS?.trim();
  const seconds = raw ? Number(raw) : DEFAULT_STALE_SECONDS;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`HOOKLINE_OPERATION_STALE_SECONDS must be a positive number of seconds (got ${JSON.stringify(raw)})`);
  }
  const staleAfterMs = Math.round(seconds * 1000);
  return { staleAfterMs, heartbeatMs: Math.min(5000, Math.round(staleAfterMs / 4)), reconcileEveryMs: Math.round(staleAfterMs / 2) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type OrphanCause = "no-owner" | "process-gone" | "heartbeat-stale";

interface ActiveOperation {
  id: string;
  options: string;
  createdAt: Date;
  startedAt: Date | null;
  heartbeatAt: Date | null;
}

export interface Judgement {
  /** Undefined while the operation's owner is alive. */
  cause?: OrphanCause;
  owner?: OperationOwner;
  /** The newest sign of life: heartbeat, else start, else creation. */
  lastSeen: Date;
}

function ownerOf(options: string): OperationOwner | undefined {
  try {
    const owner = (JSON.parse(options) as { owner?: Partial<OperationOwner> }).owner;
    return owner && typeof owner.pid === "number" && typeof owner.host === "string" ? { host: owner.host, pid: owner.pid } : undefined;
  } catch {
    return undefined;
  }
}

export interface JudgeContext {
  now: Date;
  staleAfterMs: number;
  self: OperationOwner;
  /** Operations this very process is running (never orphaned, whatever their heartbeat says). */
  runningHere: (operationId: string) => boolean;
}

/** Whether an operation left pending/running has lost its owner, and why. */
export function judgeOperation(op: ActiveOperation, ctx: JudgeContext): Judgement {
  const owner = ownerOf(op.options);
  const lastSeen = op.heartbeatAt ?? op.startedAt ?? op.createdAt;
  // Rows written before owners were recorded have nobody to wait for.
  if (!owner) return { cause: "no-owner", lastSeen };
  const here = owner.host === ctx.self.host;
  if (here && owner.pid === ctx.self.pid && ctx.runningHere(op.id)) return { owner, lastSeen };
  if (here && owner.pid !== ctx.self.pid && !isAlive(owner.pid)) return { cause: "process-gone", owner, lastSeen };
  // Another host, a pid of this host that may have been reused, or this pid in an earlier life (a restarted
  // container) or just starting it: only the heartbeat tells.
  if (ctx.now.getTime() - lastSeen.getTime() > ctx.staleAfterMs) return { cause: "heartbeat-stale", owner, lastSeen };
  return { owner, lastSeen };
}

function causeText(judgement: Judgement, now: Date): string {
  const { owner } = judgement;
  switch (judgement.cause) {
    case "no-owner":
      return "no Hookline process is recorded as running it";
    case "process-gone":
      return `its process (pid ${owner?.pid} on ${owner?.host}) is gone`;
    default:
      return `no heartbeat from its process (pid ${owner?.pid} on ${owner?.host}) for ${Math.round((now.getTime() - judgement.lastSeen.getTime()) / 1000)} s`;
  }
}

/** The release stores of a context/namespace, or undefined when that cluster cannot be reached now. */
export type StoreFor = (context: string, namespace: string) => ReleaseStore | undefined;

export interface ReconcileOptions {
  now?: Date;
  /** Default: from HOOKLINE_OPERATION_STALE_SECONDS. */
  staleAfterMs?: number;
  /** Which process is reconciling (default: this one). */
  self?: OperationOwner;
  /** Operations this process is running right now; default none (a process that runs none, like `npm start`'s). */
  runningHere?: (operationId: string) => boolean;
  /** Only these operations (default: every pending or running one). */
  only?: string[];
}

/** Marks the release's latest record failed when it is still pending; reports what it did. */
async function settleRelease(store: ReleaseStore | undefined, releaseName: string, description: string): Promise<Pick<InterruptedOperation, "release" | "revision">> {
  if (!store) return { release: "unreachable" };
  try {
    const last = await store.last(releaseName);
    if (!isPendingStatus(last.info.status)) return { release: "unchanged", revision: last.version };
    last.info.status = "failed";
    last.info.description = description;
    last.info.last_deployed = nowGoTime();
    await store.update(last);
    return { release: "marked-failed", revision: last.version };
  } catch (err) {
    return { release: err instanceof ReleaseNotFoundError ? "unchanged" : "unreachable" };
  }
}

/**
 * Reconciles every orphaned operation (see the module comment) and frees locks left by operations that already
 * ended. Safe to run from several processes at once: each operation is claimed by a conditional update, so exactly
 * one reconciler records it.
 */
export async function reconcileInterruptedOperations(db: Db, storeFor: StoreFor, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const ctx: JudgeContext = {
    now,
    staleAfterMs: options.staleAfterMs ?? operationTimings().staleAfterMs,
    self: options.self ?? currentOwner(),
    runningHere: options.runningHere ?? (() => false),
  };
  const active = await db.operation.findMany({
    where: { status: { in: ACTIVE }, ...(options.only ? { id: { in: options.only } } : {}) },
    orderBy: { createdAt: "asc" },
  });
  const interrupted: InterruptedOperation[] = [];
  const deferred: string[] = [];
  for (const op of active) {
    const judgement = judgeOperation(op, ctx);
    if (!judgement.cause) continue;
    const reason = `Hookline stopped while this ${op.kind} was running`;
    const error = `${reason}: ${causeText(judgement, now)}`;
    const store = storeFor(op.context, op.namespace);
    const settled = await settleRelease(store, op.releaseName, `Release "${op.releaseName}" failed: ${reason} (operation ${op.id})`);
    // A cluster that is configured here but did not answer is tried again next round, so that its pending record
    // gets settled too; one this process does not know at all is left to the guarded recovery on the release page.
    if (store && settled.release === "unreachable") {
      deferred.push(op.id);
      continue;
    }
    const result: InterruptedOperation = { operationId: op.id, kind: op.kind, context: op.context, namespace: op.namespace, releaseName: op.releaseName, cause: judgement.cause, ...settled };
    const claimed = await db.$transaction(async (tx) => {
      const claim = await tx.operation.updateMany({
        where: { id: op.id, status: { in: ACTIVE } },
        data: { status: INTERRUPTED, finishedAt: now, error, revision: op.revision ?? result.revision ?? null },
      });
      if (claim.count === 0) return false; // another reconciler (or the owner itself) got there first
      const last = await tx.operationEvent.findFirst({ where: { operationId: op.id }, orderBy: { seq: "desc" }, select: { seq: true } });
      await tx.operationEvent.create({
        data: {
          operationId: op.id,
          seq: (last?.seq ?? 0) + 1,
          at: now,
          type: "operation.finished",
          payload: JSON.stringify({ type: "operation.finished", at: now.toISOString(), operation: op.kind, outcome: "failed", revision: result.revision, error }),
        },
      });
      await tx.hookRun.updateMany({ where: { operationId: op.id, status: { in: ACTIVE } }, data: { status: INTERRUPTED, finishedAt: now } });
      await tx.releaseLock.deleteMany({ where: { operationId: op.id } });
      await tx.auditEntry.create({
        data: {
          actorName: "hookline",
          action: `${op.kind}-recovered`,
          result: "failed",
          context: op.context,
          namespace: op.namespace,
          releaseName: op.releaseName,
          revision: result.revision ?? null,
          reason,
          details: JSON.stringify({ operationId: op.id, cause: judgement.cause, error, owner: judgement.owner, lastSeen: judgement.lastSeen.toISOString(), release: result.release, by: ctx.self }),
        },
      });
      return true;
    });
    if (claimed) interrupted.push(result);
  }
  return { interrupted, freedLocks: await freeAbandonedLocks(db, ctx), deferred };
}

/** An operation's end as the runner audits it; absent when the process died between recording the end and auditing it. */
async function endAudited(db: Db, op: { id: string; kind: string }): Promise<boolean> {
  const ends = await db.auditEntry.count({ where: { action: op.kind, result: { in: ["succeeded", "failed", "cancelled"] }, details: { contains: op.id } } });
  return ends > 0;
}

/**
 * Locks whose operation has ended but whose process died before unlocking (the runner audits the end, then unlocks),
 * or that name no operation at all. A lock of an ended operation whose process is still alive is left to it. The
 * end is audited here when the process did not get to it. An operation row is always written before its lock, so a
 * lock never names an operation that is yet to come.
 */
async function freeAbandonedLocks(db: Db, ctx: JudgeContext): Promise<string[]> {
  const locks = await db.releaseLock.findMany();
  if (locks.length === 0) return [];
  const operations = new Map((await db.operation.findMany({ where: { id: { in: locks.map((l) => l.operationId) } } })).map((o) => [o.id, o]));
  const freed: string[] = [];
  for (const lock of locks) {
    const op = operations.get(lock.operationId);
    if (op && (ACTIVE.includes(op.status) || !judgeOperation(op, ctx).cause)) continue;
    const unaudited = op && !(await endAudited(db, op)) ? op : undefined;
    const done = await db.$transaction(async (tx) => {
      const gone = await tx.releaseLock.deleteMany({ where: { key: lock.key, operationId: lock.operationId } });
      if (gone.count === 0 || !unaudited) return gone.count > 0;
      await tx.auditEntry.create({
        data: {
          actorName: "hookline",
          action: unaudited.kind,
          result: unaudited.status,
          context: unaudited.context,
          namespace: unaudited.namespace,
          releaseName: unaudited.releaseName,
          revision: unaudited.revision,
          reason: "its process stopped after the operation ended, before auditing the end",
          details: JSON.stringify({ operationId: unaudited.id, error: unaudited.error ?? undefined, by: ctx.self }),
        },
      });
      return true;
    });
    if (done) freed.push(lock.key);
  }
  return freed;
}

/**
 * Runs the reconcile every `everyMs` in the background (never two at once) until the returned function is called.
 * Errors (a database briefly away) are reported and the next round tries again.
 */
export function scheduleReconcile(
  reconcile: () => Promise<ReconcileReport>,
  everyMs: number,
  report: (outcome: ReconcileReport | Error) => void,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    reconcile()
      .then(report, (err: unknown) => report(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
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
