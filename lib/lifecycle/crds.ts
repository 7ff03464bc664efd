/**
 * The CRDs of a chart's `crds/` folders, as helm 4's install creates them: file by file before the chart is
 * rendered, each with the install's apply method (server-side apply, or a create whose AlreadyExists is skipped),
 * then one wait for all of them with the install's wait strategy (a fixed 60 s; `hookOnly` waits for nothing).
 * Helm never upgrades or deletes these CRDs afterwards; they are not part of the release manifest.
 */
import { isAlreadyExists, type KubeObject } from "@/lib/kube";
import type { Session } from "./configuration";
import type { WaitStrategy } from "./hooks";
import { buildObjects, byKindGroups, errorMessage } from "./objects";
import { inPhase } from "./operation";
import type { CrdFile } from "./render";
import { waitForResources, type ApplyContext } from "./resources";

/** helm waits a fixed minute for new CRDs, whatever `--timeout` says. */
const CRD_WAIT_MS = 60_000;

export interface CrdInstallOptions {
  serverSideApply: boolean;
  forceConflicts?: boolean;
  wait: WaitStrategy;
  signal?: AbortSignal;
}

export async function installCrds(session: Session, files: CrdFile[], options: CrdInstallOptions): Promise<void> {
  if (files.length === 0) return;
  await inPhase(
    session,
    "install CRDs",
    async () => {
      const ctx: ApplyContext = { session, serverSideApply: options.serverSideApply, forceConflicts: options.forceConflicts, signal: options.signal, timeoutMs: CRD_WAIT_MS };
      const created: KubeObject[] = [];
      for (const file of files) {
        let objects: KubeObject[];
        try {
          objects = buildObjects(file.content, "");
        } catch (error) {
          throw new Error(`failed to install CRD ${file.name}: ${errorMessage(error)}`);
        }
        if (!options.serverSideApply && options.forceConflicts) {
          throw new Error(`failed to install CRD ${file.name}: invalid client create option(s): forceConflicts enabled when serverSideApply disabled`);
        }
        const errors = await byKindGroups(objects, async (object) => {
          if (options.serverSideApply) await session.kube.apply(object, { force: options.forceConflicts ?? false }, { signal: options.signal, deadline: Date.now() + CRD_WAIT_MS });
          else await session.kube.create(object, {}, { signal: options.signal, deadline: Date.now() + CRD_WAIT_MS });
          session.events.emit({ type: "resource.created", apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: "" });
        });
        if (errors.length > 0 && errors.every(isAlreadyExists)) {
          session.log(`CRD ${objects[0]?.metadata.name ?? file.name} is already present. Skipping.`);
          continue;
        }
        if (errors.length > 0) throw new Error(`failed to install CRD ${file.name}: ${errors.map((e) => e.message).join(" && ")}`);
        created.push(...objects);
      }
      await waitForResources(ctx, created, { strategy: options.wait, what: "CRDs" });
    },
    options.signal,
  );
}
