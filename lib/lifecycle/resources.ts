/**
 * Writing a release's regular resources, as helm 4's kube client does: create everything (install), update from
 * the current manifest to the target manifest with pruning of removed objects (upgrade, rollback), delete in
 * uninstall order (uninstall, cleanup-on-fail), and wait for readiness with the chosen strategy. Every write is
 * reported as an event.
 */
import { WaitTimeoutError, deletedCondition, isConflict, notReadyMessage, readyCondition, type KubeObject, type PropagationPolicy } from "@/lib/kube";
import type { Session } from "./configuration";
import { CancelledError, ZERO_TIMEOUT_SUBSTITUTE_MS, type WaitStrategy } from "./hooks";
import type { ResourceEventFields } from "./events";
import { RESOURCE_POLICY_ANNOTATION, byKindGroups, describeObject, errorMessage, identity, refOf } from "./objects";

export interface ApplyContext {
  session: Session;
  serverSideApply: boolean;
  /** `--force-replace` (client-side only): PUT the whole object instead of patching it. */
  forceReplace?: boolean;
  /** `--force-conflicts` (server-side only): take over fields other field managers own. */
  forceConflicts?: boolean;
  /**
   * Hand client-side field ownership over to server-side apply before applying an existing object (helm 4's
   * csaupgrade step): for an upgrade from a client-side revision, every rollback, and objects an install adopts.
   */
  migrateManagedFields?: boolean;
  signal?: AbortSignal;
  /** Per-call bound for writes; waits use `timeoutMs` separately. */
  timeoutMs: number;
}

export interface UpdateResult {
  created: KubeObject[];
  updated: KubeObject[];
  deleted: KubeObject[];
}

const WRITE_TIMEOUT_MS = 60_000;

function fieldsOf(object: KubeObject): ResourceEventFields {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace ?? "" };
}

function writeBounds(ctx: ApplyContext) {
  return { signal: ctx.signal, deadline: Date.now() + WRITE_TIMEOUT_MS };
}

function cancelled(ctx: ApplyContext, error: unknown): Error {
  if (ctx.signal?.aborted) return new CancelledError(ctx.signal.reason);
  return error instanceof Error ? error : new Error(String(error));
}

/** `force`: helm 4 forces conflicts when an update creates an object, never when an install does. */
async function write(ctx: ApplyContext, object: KubeObject, force = false): Promise<void> {
  if (ctx.serverSideApply) await ctx.session.kube.apply(object, { force }, writeBounds(ctx));
  else await ctx.session.kube.create(object, {}, writeBounds(ctx));
}

/** Creates every object, kind group by kind group (parallel inside a group). Errors are collected, not fail-fast. */
export async function createResources(ctx: ApplyContext, objects: KubeObject[]): Promise<KubeObject[]> {
  const created: KubeObject[] = [];
  const errors = await byKindGroups(objects, async (object) => {
    created.push(object);
    await write(ctx, object);
    ctx.session.events.emit({ type: "resource.created", ...fieldsOf(object) });
  });
  if (ctx.signal?.aborted) throw new CancelledError(ctx.signal.reason);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join(" && "));
  return created;
}

export class ResourceUpdateError extends Error {
  constructor(message: string, readonly result: UpdateResult) {
    super(message);
    this.name = "ResourceUpdateError";
  }
}

/** How helm 4 words a failed update: server-side apply conflicts name the object and its group/version/kind. */
function updateFailure(ctx: ApplyContext, object: KubeObject, error: Error): string {
  if (!ctx.serverSideApply) return `failed to update ${describeObject(object)}: ${error.message}`;
  if (!isConflict(error)) return error.message;
  const slash = object.apiVersion.indexOf("/");
  const gvk = `${slash < 0 ? "" : object.apiVersion.slice(0, slash)}/${slash < 0 ? object.apiVersion : object.apiVersion.slice(slash + 1)}, Kind=${object.kind}`;
  return `conflict occurred while applying object ${object.metadata.namespace ?? ""}/${object.metadata.name} ${gvk}: ${error.message}`;
}

/**
 * From `current` (objects of the release being replaced, plus adopted ones) to `target`: targets in order — create
 * what is missing (stopping at the first create error), update what exists — then, only when nothing failed,
 * delete what disappeared from the chart unless the live object says `helm.sh/resource-policy: keep`.
 */
export async function updateResources(ctx: ApplyContext, current: KubeObject[], target: KubeObject[]): Promise<UpdateResult> {
  const result: UpdateResult = { created: [], updated: [], deleted: [] };
  // helm 4's kube client refuses this combination when asked to update — after pre-hooks ran, before any write.
  if (ctx.forceReplace && ctx.serverSideApply) {
    throw new ResourceUpdateError("invalid operation: cannot use server-side apply and force replace together", result);
  }
  if (ctx.forceConflicts && !ctx.serverSideApply) {
    throw new ResourceUpdateError("invalid client update option(s): forceConflicts enabled when serverSideApply disabled", result);
  }
  const originals = new Map(current.map((o) => [identity(o), o]));
  const updateErrors: string[] = [];
  for (const object of target) {
    let live: KubeObject | undefined;
    try {
      live = await ctx.session.kube.get(refOf(object), writeBounds(ctx));
    } catch (error) {
      throw new ResourceUpdateError(`could not get information about the resource: ${errorMessage(cancelled(ctx, error))}`, result);
    }
    if (!live) {
      result.created.push(object);
      try {
        await write(ctx, object, ctx.forceConflicts);
      } catch (error) {
        const e = cancelled(ctx, error);
        if (e instanceof CancelledError) throw e;
        throw new ResourceUpdateError(`failed to create resource: ${e.message}`, result);
      }
      ctx.session.events.emit({ type: "resource.created", ...fieldsOf(object) });
      continue;
    }
    const original = originals.get(identity(object));
    if (!original) {
      throw new ResourceUpdateError(`original object ${object.kind} with the name "${object.metadata.name}" not found`, result);
    }
    result.updated.push(object);
    try {
      if (ctx.serverSideApply && ctx.migrateManagedFields) await ctx.session.kube.migrateToServerSideApply?.(refOf(object), {}, writeBounds(ctx));
      if (ctx.serverSideApply) await ctx.session.kube.apply(object, { force: ctx.forceConflicts ?? false }, writeBounds(ctx));
      else if (ctx.forceReplace) await ctx.session.kube.replace(object, {}, writeBounds(ctx));
      else await ctx.session.kube.updateClientSide(original, object, {}, writeBounds(ctx));
      ctx.session.events.emit({ type: "resource.updated", ...fieldsOf(object) });
    } catch (error) {
      const e = cancelled(ctx, error);
      if (e instanceof CancelledError) throw e;
      updateErrors.push(updateFailure(ctx, object, e));
    }
  }
  if (updateErrors.length > 0) throw new ResourceUpdateError(updateErrors.join(" && "), result);

  const targets = new Set(target.map(identity));
  const deleteErrors: string[] = [];
  for (const object of current) {
    if (targets.has(identity(object))) continue;
    let live: KubeObject | undefined;
    try {
      live = await ctx.session.kube.get(refOf(object), writeBounds(ctx));
    } catch {
      continue;
    }
    if (!live) continue;
    if (live.metadata.annotations?.[RESOURCE_POLICY_ANNOTATION] === "keep") {
      ctx.session.events.emit({ type: "resource.kept", ...fieldsOf(object), reason: "helm.sh/resource-policy: keep" });
      continue;
    }
    try {
      await ctx.session.kube.delete(refOf(object), { propagationPolicy: "Background" }, writeBounds(ctx));
      result.deleted.push(object);
      ctx.session.events.emit({ type: "resource.deleted", ...fieldsOf(object) });
    } catch (error) {
      deleteErrors.push(errorMessage(cancelled(ctx, error)));
    }
  }
  if (deleteErrors.length > 0) throw new ResourceUpdateError(deleteErrors.join(" && "), result);
  return result;
}

/** Deletes objects kind group by kind group; already-gone objects count as deleted. Returns collected errors. */
export async function deleteResources(ctx: ApplyContext, objects: KubeObject[], propagation: PropagationPolicy = "Background"): Promise<Error[]> {
  return byKindGroups(objects, async (object) => {
    await ctx.session.kube.delete(refOf(object), { propagationPolicy: propagation }, writeBounds(ctx));
    ctx.session.events.emit({ type: "resource.deleted", ...fieldsOf(object) });
  });
}

export interface ResourceWaitOptions {
  strategy: WaitStrategy;
  waitForJobs?: boolean;
  /** Wait for the objects to be gone instead of ready (uninstall). */
  deletion?: boolean;
  what: string;
}

/**
 * helm 4's resource wait: nothing with `hookOnly`; otherwise watch until every object is ready (kstatus rules)
 * or gone. `legacy` uses the same watch-based rules here (an intended difference: no 2 s polling).
 */
export async function waitForResources(ctx: ApplyContext, objects: KubeObject[], options: ResourceWaitOptions): Promise<void> {
  if (options.strategy === "hookOnly" || objects.length === 0) return;
  const { events } = ctx.session;
  events.emit({ type: "wait.started", what: options.what, resources: objects.length });
  const condition = options.deletion ? deletedCondition : readyCondition({ waitForJobs: options.waitForJobs });
  const deadline = Date.now() + (ctx.timeoutMs > 0 ? ctx.timeoutMs : ZERO_TIMEOUT_SUBSTITUTE_MS);
  try {
    const outcomes = await ctx.session.kube.waitFor(objects.map(refOf), condition, { signal: ctx.signal, deadline });
    const failed = outcomes.filter((o) => o.result.status !== "Current");
    if (failed.length > 0) throw new Error(failed.map((o) => notReadyMessage(o.ref, o.result)).join("\n"));
  } catch (error) {
    let e: Error = cancelled(ctx, error);
    if (error instanceof WaitTimeoutError && !(e instanceof CancelledError)) {
      e = new Error([...error.pending.map((p) => notReadyMessage(p.ref, p.result)), "context deadline exceeded"].join("\n"));
    }
    events.emit({ type: "wait.failed", what: options.what, error: e.message });
    throw e;
  }
  events.emit({ type: "wait.ready", what: options.what });
}
