/**
 * Upgrade (helm upgrade): refuse a pending release, pick the revision to diff against, work out the values
 * (`--reuse-values` and friends), render revision N+1, write it `pending-upgrade`, run pre-upgrade hooks, move the
 * cluster from the current manifest to the new one (create, update, prune unless `keep`), wait, run post-upgrade
 * hooks, supersede the previous revision and mark the new one `deployed`. On failure: `failed`, optional
 * `--cleanup-on-fail` of created objects and `--rollback-on-failure`. `--install` falls back to an install.
 */
import { coalesceTables, coalesceValues } from "@/lib/chart/coalesce";
import type { Chart } from "@/lib/chart/types";
import { parseValuesFile } from "@/lib/chart/values-file";
import { toJsonValue } from "@/lib/chart/values-json";
import type { KubeObject } from "@/lib/kube";
import type { GoMap } from "@/lib/template/value";
import { NoDeployedReleasesError, ReleaseNotFoundError, isSystemLabel, nowGoTime, type Release, type ReleaseChart } from "@/lib/release";
import type { Configuration, Session } from "./configuration";
import type { WaitStrategy } from "./hooks";
import { installRelease } from "./install";
import { buildObjects, errorMessage, ownershipProblem, refOf, versionedKey, withOwnership } from "./objects";
import {
  DEFAULT_HISTORY_MAX,
  DEFAULT_TIMEOUT_MS,
  LifecycleError,
  PENDING_ERROR,
  failureText,
  hookPhase,
  inPhase,
  isCancellation,
  isPending,
  recordRelease,
  runOperation,
  validateReleaseName,
  checkUserLabels,
  type CommonOptions,
  type DryRun,
} from "./operation";
import type { CrdSource, Renderer } from "./render";
import { ResourceUpdateError, deleteResources, updateResources, waitForResources, type ApplyContext } from "./resources";
import { rollbackRelease } from "./rollback";

export interface UpgradeOptions extends CommonOptions {
  chart: ReleaseChart;
  /** User-supplied values of this upgrade (`-f`, `--set`). */
  values?: Record<string, unknown>;
  render: Renderer;
  /** `--install`: install when the release does not exist (or its last revision is uninstalled). */
  install?: boolean;
  /** Install-only flags used by `--install`. */
  createNamespace?: boolean;
  resetValues?: boolean;
  reuseValues?: boolean;
  resetThenReuseValues?: boolean;
  /** `--server-side`: "auto" (default) follows the previous revision's apply method. */
  serverSide?: "auto" | boolean;
  /** `--cleanup-on-fail`: delete the objects this upgrade created when it fails. */
  cleanupOnFail?: boolean;
  /** `--force-replace` (client-side apply only): replace changed objects with PUT. */
  forceReplace?: boolean;
  /** `--rollback-on-failure` (`--atomic`). */
  rollbackOnFailure?: boolean;
  /** `--history-max` (default 10; 0 = unlimited). */
  historyMax?: number;
  takeOwnership?: boolean;
  /** `--labels`; a value of "null" removes the label. */
  labels?: Record<string, string>;
  /** `--force-conflicts` (server-side apply only). */
  forceConflicts?: boolean;
  /** `--dry-run=client|server`: the would-be revision is returned and nothing is written. */
  dryRun?: DryRun;
  /** With `--install`: the chart's crds/ files for the install, and `--skip-crds`. */
  crds?: CrdSource;
  skipCrds?: boolean;
}

export function runUpgrade(config: Configuration, options: UpgradeOptions): Promise<Release> {
  return runOperation(config, "upgrade", options, async (session) => {
    if (options.install) {
      // helm's CLI: no history, or the last listed record uninstalled, means install (with replace).
      let history: Release[] | undefined;
      try {
        history = await session.releases.history(options.releaseName);
      } catch (error) {
        if (!(error instanceof ReleaseNotFoundError)) throw error;
      }
      const last = history?.[history.length - 1];
      if (!history || history.length === 0 || last?.info.status === "uninstalled") {
        return installRelease(session, {
          ...options,
          replace: last?.info.status === "uninstalled",
          serverSide: options.serverSide !== false,
        });
      }
    }
    return upgradeRelease(session, options);
  });
}

const goValues = (values: Record<string, unknown> | null | undefined): GoMap => parseValuesFile(JSON.stringify(values ?? {}), "values");
const jsonValues = (values: GoMap | null): Record<string, unknown> => (values ? (toJsonValue(values) as Record<string, unknown>) : {});

/** helm's CoalesceValues over a stored chart record (which holds no subcharts): `config` over the chart's values. */
function coalescedValuesOf(release: Release): Record<string, unknown> {
  const chart = { metadata: { Name: release.chart?.metadata?.name ?? "" }, values: goValues(release.chart?.values), dependencies: [] } as unknown as Chart;
  return jsonValues(coalesceValues(chart, goValues(release.config)));
}

/**
 * helm 4.1.4's reuseValues: the config to store and render with, and the values that replace the chart's defaults
 * (only for `--reuse-values`, which renders the new chart over the old release's coalesced values). May mark
 * `current.config` keys null, as helm does.
 */
export function upgradeValues(
  options: Pick<UpgradeOptions, "values" | "resetValues" | "reuseValues" | "resetThenReuseValues">,
  current: Release,
): { config: Record<string, unknown>; chartValues?: Record<string, unknown> } {
  const supplied = options.values ?? {};
  if (options.resetValues) return { config: supplied };
  if (options.reuseValues || options.resetThenReuseValues) {
    const chartValues = options.reuseValues ? coalescedValuesOf(current) : undefined;
    // helm's CoalesceTables: a supplied null drops the key from the new config, and — a quirk kept on purpose —
    // marks it null in the current release's config too, which is stored when that revision is superseded.
    const previous = goValues(current.config);
    const config = jsonValues(coalesceTables(goValues(supplied), previous, "", false));
    current.config = jsonValues(previous);
    return chartValues ? { config, chartValues } : { config };
  }
  if (Object.keys(supplied).length === 0 && Object.keys(current.config).length > 0) return { config: current.config };
  return { config: supplied };
}

export async function upgradeRelease(session: Session, options: UpgradeOptions): Promise<Release> {
  const { releaseName: name } = options;
  try {
    validateReleaseName(name);
  } catch {
    throw new LifecycleError(`release name is invalid: ${name}`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wait: WaitStrategy = options.rollbackOnFailure && (options.wait ?? "hookOnly") === "hookOnly" ? "watcher" : options.wait ?? "hookOnly";

  let lastRelease: Release;
  try {
    lastRelease = await session.releases.last(name);
  } catch (error) {
    if (error instanceof ReleaseNotFoundError) throw new LifecycleError(`"${name}" has no deployed releases`);
    throw error;
  }
  if (isPending(lastRelease.info.status)) throw new LifecycleError(PENDING_ERROR, lastRelease);

  let current: Release;
  if (lastRelease.info.status === "deployed") current = lastRelease;
  else {
    try {
      current = await session.releases.deployed(name);
    } catch (error) {
      if (!(error instanceof NoDeployedReleasesError)) throw error;
      if (lastRelease.info.status !== "failed" && lastRelease.info.status !== "superseded") {
        throw new LifecycleError(`"${name}" has no deployed releases`, lastRelease);
      }
      current = lastRelease;
    }
  }

  const { config, chartValues } = upgradeValues(options, current);
  const chart = structuredClone(options.chart);
  // The stored chart carries the values it was rendered over (helm replaces chart.Values for --reuse-values).
  if (chartValues) chart.values = Object.keys(chartValues).length > 0 ? chartValues : null;
  const revision = lastRelease.version + 1;
  const namespace = current.namespace;
  // Like helm, only a client-side dry run renders without the cluster.
  const cluster = options.dryRun === "client" ? undefined : session.kube;
  const rendered = await options.render(chart, config, { name, namespace, revision, isInstall: false, isUpgrade: true }, { chartValues, cluster });
  checkUserLabels(options.labels);

  let serverSideApply: boolean;
  if (options.serverSide === undefined || options.serverSide === "auto") serverSideApply = lastRelease.apply_method === "ssa";
  else serverSideApply = options.serverSide;

  const labels: Record<string, string> = { ...lastRelease.labels };
  for (const [k, v] of Object.entries(options.labels ?? {})) {
    if (v === "null") delete labels[k];
    else labels[k] = v;
  }
  for (const k of Object.keys(labels)) if (isSystemLabel(k) && !["createdAt", "modifiedAt"].includes(k)) delete labels[k];

  const release: Release = {
    name,
    namespace,
    version: revision,
    info: {
      first_deployed: current.info.first_deployed,
      last_deployed: nowGoTime(),
      deleted: undefined,
      description: "Preparing upgrade",
      status: "pending-upgrade",
      notes: rendered.notes,
    },
    chart,
    config,
    manifest: rendered.manifest,
    hooks: rendered.hooks,
    apply_method: serverSideApply ? "ssa" : "csa",
    labels,
  };

  let currentObjects: KubeObject[];
  let target: KubeObject[];
  try {
    currentObjects = buildObjects(current.manifest, namespace);
  } catch (error) {
    throw new LifecycleError(`unable to build kubernetes objects from current release manifest: ${errorMessage(error)}`);
  }
  try {
    target = buildObjects(release.manifest, namespace).map((o) => withOwnership(o, name, namespace));
  } catch (error) {
    throw new LifecycleError(`unable to build kubernetes objects from new release manifest: ${errorMessage(error)}`);
  }

  // New objects (by a key that includes the version) that already exist must be adoptable.
  const currentKeys = new Set(currentObjects.map(versionedKey));
  for (const object of options.dryRun === "client" ? [] : target) {
    if (currentKeys.has(versionedKey(object))) continue;
    const live = await session.kube.get(refOf(object), { signal: options.signal, deadline: Date.now() + 60_000 });
    if (!live) continue;
    const problem = options.takeOwnership ? undefined : ownershipProblem(live, name, namespace);
    if (problem) {
      throw new LifecycleError(
        `unable to continue with update: ${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace ?? ""}" exists and cannot be imported into the current release: invalid ownership metadata; ${problem}`,
      );
    }
    currentObjects.push(object);
  }

  if (options.dryRun) {
    release.info.description = options.description || "Dry run complete";
    return release;
  }

  session.releases.maxHistory = options.historyMax ?? DEFAULT_HISTORY_MAX;
  await recordRelease(session, release, "create");

  // Moving a release from client-side to server-side apply hands the fields helm owned over first.
  const migrateManagedFields = serverSideApply && lastRelease.apply_method !== "ssa";
  const ctx: ApplyContext = { session, serverSideApply, forceReplace: options.forceReplace, forceConflicts: options.forceConflicts, migrateManagedFields, signal: options.signal, timeoutMs };
  const hookOptions = { timeoutMs, serverSideApply, wait, signal: options.signal };
  let created: KubeObject[] = [];
  try {
    if (!options.noHooks) {
      try {
        await hookPhase(session, release, "pre-upgrade", hookOptions);
      } catch (error) {
        throw new Error(`pre-upgrade hooks failed: ${failureText(error, options.signal)}`);
      }
    }
    try {
      await inPhase(session, "apply resources", async () => {
        created = (await updateResources(ctx, currentObjects, target)).created;
      }, options.signal);
    } catch (error) {
      if (error instanceof ResourceUpdateError) created = error.result.created;
      await recordRelease(session, current, "update", true);
      throw error;
    }
    try {
      await inPhase(session, "wait", () => waitForResources(ctx, target, { strategy: wait, waitForJobs: options.waitForJobs, what: "resources" }), options.signal);
    } catch (error) {
      await recordRelease(session, current, "update", true);
      throw error;
    }
    if (!options.noHooks) {
      try {
        await hookPhase(session, release, "post-upgrade", hookOptions);
      } catch (error) {
        throw new Error(`post-upgrade hooks failed: ${failureText(error, options.signal)}`);
      }
    }
  } catch (error) {
    return failUpgrade(session, options, release, created, error, { timeoutMs, wait });
  }

  current.info.status = "superseded";
  await recordRelease(session, current, "update", true);
  release.info.status = "deployed";
  release.info.description = options.description || "Upgrade complete";
  await recordRelease(session, release, "update");
  return release;
}

async function failUpgrade(
  session: Session,
  options: UpgradeOptions,
  release: Release,
  created: KubeObject[],
  error: unknown,
  settings: { timeoutMs: number; wait: WaitStrategy },
): Promise<never> {
  const cancelled = isCancellation(error, options.signal);
  const message = cancelled && !errorMessage(error).includes("context canceled") ? "context canceled" : errorMessage(error);
  release.info.status = "failed";
  release.info.description = `Upgrade "${release.name}" failed: ${message}`;
  await recordRelease(session, release, "update", true);

  if (options.cleanupOnFail && created.length > 0) {
    await inPhase(session, "cleanup on fail", async () => {
      const failures = await deleteResources({ session, serverSideApply: true, timeoutMs: settings.timeoutMs }, created);
      for (const f of failures) session.log(`warning: cleanup on fail: ${f.message}`);
    }).catch(() => undefined);
  }

  if (options.rollbackOnFailure) {
    let history: Release[] = [];
    try {
      history = await session.releases.history(release.name);
    } catch {
      // handled below as "nothing to roll back to"
    }
    const target = [...history].reverse().find((r) => r.info.status === "superseded" || r.info.status === "deployed");
    if (!target) {
      throw new LifecycleError(`unable to find a previously successful release when attempting to rollback. original upgrade error: ${message}`, release, cancelled);
    }
    try {
      await inPhase(session, "rollback on failure", () =>
        rollbackRelease(session, {
          releaseName: release.name,
          namespace: release.namespace,
          revision: target.version,
          timeoutMs: settings.timeoutMs,
          wait: settings.wait,
          waitForJobs: options.waitForJobs,
          noHooks: options.noHooks,
          serverSide: options.serverSide,
          forceReplace: options.forceReplace,
          forceConflicts: options.forceConflicts,
          historyMax: 0,
        }),
      );
    } catch (rollbackError) {
      throw new LifecycleError(
        `an error occurred while rolling back the release. original upgrade error: ${message}: ${errorMessage(rollbackError)}`,
        release,
        cancelled,
      );
    }
    throw new LifecycleError(`release ${release.name} failed, and has been rolled back due to rollback-on-failure being set: ${message}`, release, cancelled);
  }
  throw new LifecycleError(message, release, cancelled);
}
