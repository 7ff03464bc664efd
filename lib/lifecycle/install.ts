/**
 * Install (helm install): validate the name, render revision 1, check that existing objects can be adopted,
 * write the `pending-install` record, run pre-install hooks, create the resources, wait, run post-install hooks,
 * and mark the record `deployed` — or `failed`, with `--rollback-on-failure` uninstalling everything again.
 */
import { isAlreadyExists, type KubeObject } from "@/lib/kube";
import { ReleaseNotFoundError, nowGoTime, type Release, type ReleaseChart } from "@/lib/release";
import type { Configuration, Session } from "./configuration";
import { installCrds } from "./crds";
import type { WaitStrategy } from "./hooks";
import { buildObjects, errorMessage, ownershipProblem, refOf, withOwnership } from "./objects";
import {
  DEFAULT_TIMEOUT_MS,
  LifecycleError,
  failureText,
  hookPhase,
  inPhase,
  isCancellation,
  recordRelease,
  runOperation,
  validateReleaseName,
  checkUserLabels,
  type CommonOptions,
  type DryRun,
} from "./operation";
import type { CrdSource, Renderer } from "./render";
import { createResources, updateResources, waitForResources, type ApplyContext } from "./resources";
import { uninstallRelease } from "./uninstall";

export interface InstallOptions extends CommonOptions {
  chart: ReleaseChart;
  /** User-supplied values (stored as the release config). */
  values?: Record<string, unknown>;
  render: Renderer;
  /** `--create-namespace`. */
  createNamespace?: boolean;
  /** `--replace`: re-use the name of an uninstalled (kept history) or failed release. */
  replace?: boolean;
  /** `--server-side` (default true): server-side apply for resources and hooks. */
  serverSide?: boolean;
  /** `--rollback-on-failure` (`--atomic`): uninstall again when the install fails. */
  rollbackOnFailure?: boolean;
  /** `--take-ownership`: adopt existing objects without checking their ownership metadata. */
  takeOwnership?: boolean;
  /** `--labels` stored on the release record (helm's system label names are refused). */
  labels?: Record<string, string>;
  /** The chart's crds/ files, created before anything else unless `skipCrds`. */
  crds?: CrdSource;
  /** `--skip-crds`. */
  skipCrds?: boolean;
  /** `--force-conflicts` (server-side apply only): used for CRDs and adopted objects, as helm 4 does. */
  forceConflicts?: boolean;
  /** `--dry-run=client|server`: the would-be release is returned and nothing is written. */
  dryRun?: DryRun;
}

export function runInstall(config: Configuration, options: InstallOptions): Promise<Release> {
  return runOperation(config, "install", options, (session) => installRelease(session, options));
}

/** The install itself, for callers already holding the release lock (upgrade --install). */
export async function installRelease(session: Session, options: InstallOptions): Promise<Release> {
  const { releaseName: name, namespace } = options;
  validateReleaseName(name);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const serverSideApply = options.serverSide ?? true;
  // helm 4: rolling back on failure needs real readiness, so hookOnly becomes watcher.
  const wait: WaitStrategy = options.rollbackOnFailure && (options.wait ?? "hookOnly") === "hookOnly" ? "watcher" : options.wait ?? "hookOnly";

  // helm's install never prunes history (only upgrade and rollback set --history-max); the store may be shared.
  session.releases.maxHistory = 0;
  // A dry run skips the name check; a client-side one never talks to the cluster at all.
  const dryRun = options.dryRun;
  const talksToCluster = dryRun !== "client";
  let history: Release[] = [];
  if (!dryRun) {
    try {
      history = await session.releases.history(name);
    } catch (error) {
      if (!(error instanceof ReleaseNotFoundError)) throw error;
    }
  }
  const last = history[history.length - 1];
  if (last && !(options.replace && (last.info.status === "uninstalled" || last.info.status === "failed"))) {
    throw new LifecycleError("release name check failed: cannot reuse a name that is still in use");
  }

  const values = options.values ?? {};
  // helm installs the chart's CRDs before it renders, so templates and their objects can use the new kinds.
  if (talksToCluster && !options.skipCrds && options.crds) {
    const crds = await options.crds(values);
    if (crds.length > 0 && dryRun) session.log("WARNING: This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies.");
    // The CRD wait uses the strategy as given: helm switches to watcher for --rollback-on-failure only afterwards.
    else await installCrds(session, crds, { serverSideApply, forceConflicts: options.forceConflicts, wait: options.wait ?? "hookOnly", signal: options.signal });
  }

  const rendered = await options.render(
    options.chart,
    values,
    { name, namespace, revision: 1, isInstall: true, isUpgrade: false },
    talksToCluster ? { cluster: session.kube } : undefined,
  );
  checkUserLabels(options.labels);
  const now = nowGoTime();
  const release: Release = {
    name,
    namespace,
    version: 1,
    info: { first_deployed: now, last_deployed: now, deleted: undefined, description: "Initial install underway", status: "pending-install", notes: rendered.notes },
    chart: options.chart,
    config: values,
    manifest: rendered.manifest,
    hooks: rendered.hooks,
    apply_method: serverSideApply ? "ssa" : "csa",
    labels: { ...(options.labels ?? {}) },
  };

  let resources: KubeObject[];
  try {
    resources = buildObjects(release.manifest, namespace).map((o) => withOwnership(o, name, namespace));
  } catch (error) {
    throw new LifecycleError(`unable to build kubernetes objects from release manifest: ${errorMessage(error)}`);
  }

  // Objects that already exist are adopted when they carry this release's ownership metadata.
  const toAdopt: KubeObject[] = [];
  for (const object of talksToCluster ? resources : []) {
    const live = await session.kube.get(refOf(object), { signal: options.signal, deadline: Date.now() + 60_000 });
    if (!live) continue;
    const problem = options.takeOwnership ? undefined : ownershipProblem(live, name, namespace);
    if (problem) {
      throw new LifecycleError(
        `unable to continue with install: ${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace ?? ""}" exists and cannot be imported into the current release: invalid ownership metadata; ${problem}`,
      );
    }
    toAdopt.push(object);
  }

  if (dryRun) {
    release.info.description = "Dry run complete";
    return release;
  }

  if (options.createNamespace) {
    try {
      await session.kube.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { name: namespace } } });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }

  if (options.replace && last) {
    release.version = last.version + 1;
    if (last.info.status !== "failed") {
      last.info.status = "superseded";
      last.info.description = "superseded by new release";
      await recordRelease(session, last, "update", true);
    }
  }

  await recordRelease(session, release, "create");

  // Objects an install adopts get the client-side to server-side field hand-over, as helm 4 does.
  const ctx: ApplyContext = { session, serverSideApply, forceConflicts: options.forceConflicts, migrateManagedFields: true, signal: options.signal, timeoutMs };
  const hookOptions = { timeoutMs, serverSideApply, wait, signal: options.signal };
  try {
    if (!options.noHooks) {
      try {
        await hookPhase(session, release, "pre-install", hookOptions);
      } catch (error) {
        throw new Error(`failed pre-install: ${failureText(error, options.signal)}`);
      }
    }
    await inPhase(
      session,
      "apply resources",
      async () => {
        if (toAdopt.length === 0) await createResources(ctx, resources);
        else await updateResources(ctx, toAdopt, resources);
      },
      options.signal,
    );
    await inPhase(session, "wait", () => waitForResources(ctx, resources, { strategy: wait, waitForJobs: options.waitForJobs, what: "resources" }), options.signal);
    if (!options.noHooks) {
      try {
        await hookPhase(session, release, "post-install", hookOptions);
      } catch (error) {
        throw new Error(`failed post-install: ${failureText(error, options.signal)}`);
      }
    }
  } catch (error) {
    const message = isCancellation(error, options.signal) && !errorMessage(error).includes("context canceled") ? "context canceled" : errorMessage(error);
    release.info.status = "failed";
    release.info.description = `Release "${name}" failed: ${message}`;
    const cancelled = isCancellation(error, options.signal);
    if (options.rollbackOnFailure) {
      try {
        await inPhase(session, "rollback on failure", () =>
          uninstallRelease(session, { releaseName: name, namespace, timeoutMs, noHooks: options.noHooks, wait }),
        );
      } catch (uninstallError) {
        throw new LifecycleError(`an error occurred while uninstalling the release. original install error: ${message}: ${errorMessage(uninstallError)}`, release, cancelled);
      }
      throw new LifecycleError(`release ${name} failed, and has been uninstalled due to rollback-on-failure being set: ${message}`, release, cancelled);
    }
    await recordRelease(session, release, "update", true);
    throw new LifecycleError(message, release, cancelled);
  }

  release.info.status = "deployed";
  release.info.description = options.description || "Install complete";
  await recordRelease(session, release, "update", true);
  return release;
}
