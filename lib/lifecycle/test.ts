/**
 * Test (helm test): run the `test` hooks of the latest revision (any status), optionally filtered by name, with
 * helm 4's watcher strategy and the release's apply method; write the revision back with the hooks' last runs;
 * with `logs`, collect each test Pod's container logs before the hooks' delete policies run.
 */
import { Writable } from "node:stream";
import type { Release } from "@/lib/release";
import type { Configuration, Session } from "./configuration";
import { hooksForEvent, type HookCleanup } from "./hooks";
import { buildObjects, errorMessage } from "./objects";
import { DEFAULT_TIMEOUT_MS, LifecycleError, hookPhase, isCancellation, recordRelease, runOperation, validateReleaseName, type CommonOptions } from "./operation";

export interface TestOptions extends CommonOptions {
  /** `--filter name=a` (include) and `--filter '!name=b'` (exclude), by hook name. */
  include?: string[];
  exclude?: string[];
  /** `--logs`: collect the test pods' logs (reported as logs.captured events with emitted=true). */
  logs?: boolean;
}

export function runTest(config: Configuration, options: TestOptions): Promise<Release> {
  return runOperation(config, "test", options, (session) => testRelease(session, options));
}

class Collect extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _e: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export async function testRelease(session: Session, options: TestOptions): Promise<Release> {
  validateReleaseName(options.releaseName);
  const release = await session.releases.last(options.releaseName);
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  const skipped = release.hooks.filter(
    (h) => (include.length > 0 && !include.includes(h.name)) || exclude.includes(h.name),
  );
  const executed = release.hooks.filter((h) => !skipped.includes(h));
  release.hooks = executed;

  let cleanup: HookCleanup = async () => undefined;
  let failure: unknown;
  try {
    cleanup = await hookPhase(session, release, "test", {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      serverSideApply: release.apply_method === "ssa",
      wait: "watcher",
      signal: options.signal,
      deferCleanup: true,
    });
  } catch (error) {
    failure = error;
    cleanup = (error as { cleanup?: HookCleanup }).cleanup ?? cleanup;
  }
  // Skipped hooks go back in front, which is how helm leaves the stored order.
  release.hooks = [...skipped, ...executed];
  await recordRelease(session, release, "update");

  if (options.logs) {
    for (const hook of hooksForEvent({ ...release, hooks: executed }, "test")) {
      if (hook.kind !== "Pod") continue;
      let namespace = release.namespace;
      try {
        namespace = buildObjects(hook.manifest, release.namespace)[0]?.metadata.namespace ?? namespace;
      } catch {
        // keep the release namespace
      }
      try {
        const pod = await session.kube.get({ apiVersion: "v1", kind: "Pod", name: hook.name, namespace });
        const containers = ((pod?.spec as { containers?: Array<{ name: string }> } | undefined)?.containers ?? []).map((c) => c.name);
        for (const container of containers) {
          const out = new Collect();
          await session.kube.streamLogs(namespace, hook.name, container, out, { deadline: Date.now() + 15_000 });
          session.events.emit({ type: "logs.captured", hook: hook.name, event: "test", pod: hook.name, container, text: out.text, emitted: true });
        }
      } catch (error) {
        session.log(`warning: unable to get pod logs for ${hook.name}: ${errorMessage(error)}`);
      }
    }
  }
  await cleanup();
  if (failure !== undefined) throw new LifecycleError(errorMessage(failure), release, isCancellation(failure, options.signal));
  return release;
}
