/**
 * Uninstall (helm uninstall): mark the last revision `uninstalling`, run pre-delete hooks, delete the release's
 * resources in uninstall order (sparing `helm.sh/resource-policy: keep`), optionally wait for them to go, run
 * post-delete hooks, then delete every revision record — or, with `--keep-history`, keep them with the last one
 * `uninstalled`. Hook objects are never deleted here unless their own policy does it.
 */
import type { KubeObject, PropagationPolicy } from "@/lib/kube";
import { nowGoTime, type Release } from "@/lib/release";
import type { Configuration, Session } from "./configuration";
import type { WaitStrategy } from "./hooks";
import { RESOURCE_POLICY_ANNOTATION, UNINSTALL_ORDER, buildObjects, errorMessage, sortByKind } from "./objects";
import { DEFAULT_TIMEOUT_MS, LifecycleError, hookPhase, inPhase, recordRelease, runOperation, validateReleaseName, type CommonOptions } from "./operation";
import { deleteResources, waitForResources, type ApplyContext } from "./resources";

export interface UninstallOptions extends CommonOptions {
  /** `--keep-history`: keep the records, the last one marked `uninstalled`. */
  keepHistory?: boolean;
  /** `--cascade` (default background). */
  cascade?: "background" | "orphan" | "foreground";
  /** `--ignore-not-found`. */
  ignoreNotFound?: boolean;
  /** `--dry-run`: only look the release up (its latest revision is returned); nothing is deleted. */
  dryRun?: boolean;
}

export function runUninstall(config: Configuration, options: UninstallOptions): Promise<Release | undefined> {
  return runOperation(config, "uninstall", options, (session) => uninstallRelease(session, options));
}

function propagationOf(cascade: UninstallOptions["cascade"]): PropagationPolicy {
  if (cascade === "orphan") return "Orphan";
  if (cascade === "foreground") return "Foreground";
  return "Background";
}

/** The uninstall itself, for callers already holding the release lock (install --rollback-on-failure). */
export async function uninstallRelease(session: Session, options: UninstallOptions): Promise<Release | undefined> {
  const { releaseName: name } = options;
  validateReleaseName(name);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wait: WaitStrategy = options.wait ?? "hookOnly";
  session.releases.maxHistory = 0;
  if (options.dryRun) return session.releases.last(name);
  let history: Release[];
  try {
    history = await session.releases.history(name);
  } catch (error) {
    if (options.ignoreNotFound) return undefined;
    throw new LifecycleError(`uninstall: Release not loaded: ${name}: ${errorMessage(error)}`);
  }
  if (history.length === 0) throw new LifecycleError("no release provided");
  const release = history[history.length - 1]!;

  if (release.info.status === "uninstalled") {
    if (options.keepHistory) throw new LifecycleError(`the release named "${name}" is already deleted`, release);
    for (const r of history) await session.releases.delete(r.name, r.version);
    session.events.emit({ type: "release.recorded", revision: release.version, status: release.info.status, description: release.info.description, write: "delete" });
    return release;
  }

  release.info.status = "uninstalling";
  release.info.deleted = nowGoTime();
  release.info.description = "Deletion in progress (or silently failed)";

  // Uninstall hooks are always created with server-side apply in helm 4.
  const hookOptions = { timeoutMs, serverSideApply: true, wait, signal: options.signal };
  if (!options.noHooks) await hookPhase(session, release, "pre-delete", hookOptions);
  await recordRelease(session, release, "update", true);

  const errors: string[] = [];
  const ctx: ApplyContext = { session, serverSideApply: true, signal: options.signal, timeoutMs };
  let doomed: KubeObject[] = [];
  try {
    doomed = await inPhase(session, "delete resources", async () => {
      const objects = sortByKind(buildObjects(release.manifest, release.namespace), (o) => o.kind, UNINSTALL_ORDER);
      const toDelete: KubeObject[] = [];
      for (const object of objects) {
        const raw = object.metadata.annotations?.[RESOURCE_POLICY_ANNOTATION];
        if (raw === undefined) {
          toDelete.push(object);
          continue;
        }
        const policy = raw.trim().toLowerCase();
        // helm reads the stored manifest: `keep` is kept and reported; any other value is silently left alone.
        const reason = policy === "keep" ? "helm.sh/resource-policy: keep" : `helm.sh/resource-policy: ${raw} (not deleted, as helm does)`;
        session.events.emit({
          type: "resource.kept",
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.metadata.name,
          namespace: object.metadata.namespace ?? "",
          reason,
        });
      }
      const failures = await deleteResources(ctx, toDelete, propagationOf(options.cascade));
      if (failures.length > 0) throw new Error(`failed to delete release: ${name}`);
      return toDelete;
    }, options.signal);
  } catch (error) {
    errors.push(errorMessage(error));
  }

  try {
    await inPhase(session, "wait", () => waitForResources(ctx, doomed, { strategy: wait, deletion: true, what: "deleted resources" }), options.signal);
  } catch (error) {
    errors.push(errorMessage(error));
  }

  if (!options.noHooks) {
    try {
      await hookPhase(session, release, "post-delete", hookOptions);
    } catch (error) {
      errors.push(errorMessage(error));
    }
  }

  release.info.status = "uninstalled";
  release.info.description = options.description || "Uninstallation complete";

  if (!options.keepHistory) {
    for (const r of history) {
      try {
        await session.releases.delete(r.name, r.version);
      } catch (error) {
        errors.push(errorMessage(error));
      }
    }
    session.events.emit({ type: "release.recorded", revision: release.version, status: "uninstalled", description: release.info.description, write: "delete" });
  } else {
    await recordRelease(session, release, "update");
    try {
      for (const r of await session.releases.deployedAll(name)) {
        r.info.status = "superseded";
        await recordRelease(session, r, "update", true);
      }
    } catch {
      // No deployed revision left: nothing to supersede.
    }
  }
  if (errors.length > 0) {
    throw new LifecycleError(`uninstallation completed with ${errors.length} error(s): ${errors.join("; ")}`, release);
  }
  return release;
}
