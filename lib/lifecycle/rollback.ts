/**
 * Rollback (helm rollback): copy the target revision (chart, values, manifest, hooks) into a new revision
 * `pending-rollback`, run pre-rollback hooks, move the cluster from the last revision's manifest to the target's,
 * wait, run post-rollback hooks, supersede every deployed revision and mark the new one `deployed`. There is no
 * pending check (rollback is the way out of a stuck release), and a failing hook leaves `pending-rollback`, as in helm.
 */
import type { KubeObject } from "@/lib/kube";
import { ReleaseNotFoundError, nowGoTime, withoutSystemLabels, type Release } from "@/lib/release";
import type { Configuration, Session } from "./configuration";
import type { WaitStrategy } from "./hooks";
import { buildObjects, errorMessage, withOwnership } from "./objects";
import {
  DEFAULT_HISTORY_MAX,
  DEFAULT_TIMEOUT_MS,
  LifecycleError,
  cloneRelease,
  hookPhase,
  inPhase,
  isCancellation,
  recordRelease,
  runOperation,
  validateReleaseName,
  type CommonOptions,
} from "./operation";
import { ResourceUpdateError, deleteResources, updateResources, waitForResources, type ApplyContext } from "./resources";

export interface RollbackOptions extends CommonOptions {
  /** Target revision; 0 or absent = the one before the last. */
  revision?: number;
  /** `--server-side`: "auto" (default) follows the target revision's apply method. */
  serverSide?: "auto" | boolean;
  cleanupOnFail?: boolean;
  /** `--force-replace` (client-side apply only): replace changed objects with PUT. */
  forceReplace?: boolean;
  /** `--history-max` (default 10; 0 = unlimited). */
  historyMax?: number;
  /** `--force-conflicts` (server-side apply only). */
  forceConflicts?: boolean;
  /** `--dry-run`: the would-be revision is returned, nothing is written. */
  dryRun?: boolean;
}

export function runRollback(config: Configuration, options: RollbackOptions): Promise<Release> {
  return runOperation(config, "rollback", options, (session) => rollbackRelease(session, options));
}

export async function rollbackRelease(session: Session, options: RollbackOptions): Promise<Release> {
  const { releaseName: name } = options;
  validateReleaseName(name);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wait: WaitStrategy = options.wait ?? "hookOnly";
  session.releases.maxHistory = options.historyMax ?? DEFAULT_HISTORY_MAX;
  if ((options.revision ?? 0) < 0) throw new LifecycleError("invalid release revision");

  let current: Release;
  try {
    current = await session.releases.last(name);
  } catch (error) {
    if (error instanceof ReleaseNotFoundError) throw new LifecycleError(`release: not found`);
    throw error;
  }
  const targetVersion = options.revision && options.revision > 0 ? options.revision : current.version - 1;
  let previous: Release;
  try {
    previous = await session.releases.get(name, targetVersion);
  } catch (error) {
    if (error instanceof ReleaseNotFoundError) throw new LifecycleError(`release has no ${targetVersion} version`, current);
    throw error;
  }

  let serverSideApply: boolean;
  if (options.serverSide === undefined || options.serverSide === "auto") serverSideApply = previous.apply_method === "ssa";
  else serverSideApply = options.serverSide;

  const copy = cloneRelease(previous);
  const release: Release = {
    name: current.name,
    namespace: current.namespace,
    version: current.version + 1,
    info: {
      first_deployed: current.info.first_deployed,
      last_deployed: nowGoTime(),
      deleted: undefined,
      description: `Rollback to ${targetVersion}`,
      status: "pending-rollback",
      notes: copy.info.notes,
    },
    chart: copy.chart,
    config: copy.config,
    manifest: copy.manifest,
    hooks: copy.hooks,
    apply_method: serverSideApply ? "ssa" : "csa",
    labels: withoutSystemLabels(copy.labels),
  };

  if (options.dryRun) return release;
  await recordRelease(session, release, "create");

  let currentObjects: KubeObject[];
  let target: KubeObject[];
  try {
    currentObjects = buildObjects(current.manifest, current.namespace);
    target = buildObjects(release.manifest, release.namespace).map((o) => withOwnership(o, name, release.namespace));
  } catch (error) {
    throw new LifecycleError(`unable to build kubernetes objects: ${errorMessage(error)}`, release);
  }

  const hookOptions = { timeoutMs, serverSideApply, wait, signal: options.signal };
  // A failing rollback hook leaves the record pending-rollback (helm returns without a status change).
  if (!options.noHooks) {
    try {
      await hookPhase(session, release, "pre-rollback", hookOptions);
    } catch (error) {
      throw await hookFailure(session, release, error, options.signal);
    }
  }

  // helm always enables the client-side to server-side field hand-over for rollbacks.
  const ctx: ApplyContext = { session, serverSideApply, forceReplace: options.forceReplace, forceConflicts: options.forceConflicts, migrateManagedFields: true, signal: options.signal, timeoutMs };
  try {
    await inPhase(session, "apply resources", () => updateResources(ctx, currentObjects, target), options.signal);
  } catch (error) {
    const message = errorMessage(error);
    current.info.status = "superseded";
    release.info.status = "failed";
    release.info.description = `Rollback "${name}" failed: ${message}`;
    await recordRelease(session, current, "update", true);
    await recordRelease(session, release, "update", true);
    if (options.cleanupOnFail && error instanceof ResourceUpdateError && error.result.created.length > 0) {
      await deleteResources({ session, serverSideApply, timeoutMs }, error.result.created);
    }
    throw new LifecycleError(message, release, isCancellation(error, options.signal));
  }

  try {
    await inPhase(session, "wait", () => waitForResources(ctx, target, { strategy: wait, waitForJobs: options.waitForJobs, what: "resources" }), options.signal);
  } catch (error) {
    const message = errorMessage(error);
    release.info.status = "failed";
    release.info.description = `Release "${name}" failed: ${message}`;
    await recordRelease(session, current, "update", true);
    await recordRelease(session, release, "update", true);
    throw new LifecycleError(`release ${name} failed: ${message}`, release, isCancellation(error, options.signal));
  }

  if (!options.noHooks) {
    try {
      await hookPhase(session, release, "post-rollback", hookOptions);
    } catch (error) {
      throw await hookFailure(session, release, error, options.signal);
    }
  }

  try {
    for (const deployed of await session.releases.deployedAll(name)) {
      deployed.info.status = "superseded";
      await recordRelease(session, deployed, "update", true);
    }
  } catch {
    // No deployed revision: nothing to supersede.
  }
  release.info.status = "deployed";
  await recordRelease(session, release, "update");
  return release;
}

/**
 * A failing rollback hook leaves the record `pending-rollback`, as helm does. Cancellation is Hookline's own
 * addition (helm's rollback cannot be cancelled): the record is marked failed so the release is not left blocked.
 */
async function hookFailure(session: Session, release: Release, error: unknown, signal?: AbortSignal): Promise<LifecycleError> {
  if (!isCancellation(error, signal)) return new LifecycleError(errorMessage(error), release);
  release.info.status = "failed";
  release.info.description = `Release "${release.name}" failed: context canceled`;
  await recordRelease(session, release, "update", true);
  return new LifecycleError("context canceled", release, true);
}
