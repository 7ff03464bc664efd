/**
 * Starts a sandbox cluster: an embedded Kubernetes API server on 127.0.0.1 that the real helm and kubectl (and
 * @kubernetes/client-node) can use, with simulated controllers, persistence under a data directory, an audit log,
 * scenarios and fault injection. Usable without Next.js.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Cluster } from "./api/cluster";
import { seedCluster } from "./api/seed";
import type { AuditLog } from "./audit/audit-log";
import { ControllerManager } from "./controllers/controller-manager";
import { DEFAULT_TIMING, type SandboxTiming } from "./controllers/timing";
import { Faults } from "./faults/faults";
import { createApiServer } from "./http/server";
import { kubeconfigYaml, writeKubeconfigFile } from "./kubeconfig";
import { ScenarioBook } from "./scenarios/scenario-book";
import { StateFile } from "./store/persistence";

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback addresses are sensible; defaults to 127.0.0.1. */
  host?: string;
  /** Where state survives restarts. Omitted: a temporary directory removed on stop. */
  dataDir?: string;
  /** Speeds of the simulated workloads (tests shorten them). */
  timing?: Partial<SandboxTiming>;
  /** How many change events watches can resume from before answering 410 Gone. */
  watchHistory?: number;
}

export interface Sandbox {
  /** e.g. `http://127.0.0.1:43125` */
  readonly url: string;
  readonly dataDir: string;
  kubeconfigYaml(): string;
  writeKubeconfig(file: string): void;
  readonly audit: AuditLog;
  readonly scenarios: ScenarioBook;
  readonly faults: Faults;
  /** The API semantics layer, for code that wants to read or write objects without HTTP. */
  readonly cluster: Cluster;
  /** Empties the cluster (back to the seed objects), the audit log and the scenarios. */
  reset(): Promise<void>;
  /** Writes the state to disk now (it is also written shortly after every change and on stop). */
  save(): void;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "hookline-sandbox-"));
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const cluster = new Cluster(options.watchHistory);
  const scenarios = new ScenarioBook();
  const faults = new Faults();
  cluster.creationHooks.push((type, object) => scenarios.stamp(type.kind, object));

  const stateFile = new StateFile(dataDir, { store: cluster.store, audit: cluster.audit, scenarios });
  const saved = stateFile.read();
  if (saved) {
    cluster.store.load(saved.store);
    cluster.audit.load(saved.audit);
    scenarios.load(saved.scenarios);
    cluster.rebuildIndexes();
  } else seedCluster(cluster);
  stateFile.writeSnapshot();
  stateFile.attach();

  let controllers = new ControllerManager(cluster, timing);
  controllers.start();

  const reset = async (): Promise<void> => {
    controllers.stop();
    faults.onDropWatches();
    cluster.store.clear();
    cluster.audit.clear();
    scenarios.clear();
    cluster.rebuildIndexes();
    seedCluster(cluster);
    controllers = new ControllerManager(cluster, timing);
    controllers.start();
    stateFile.writeSnapshot();
  };

  const { server, resources } = createApiServer(cluster, faults, { audit: cluster.audit, scenarios, faults, reset, changed: () => stateFile.touch(), persistNow: () => stateFile.writeSnapshot() });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  let stopped = false;
  return {
    url,
    dataDir,
    audit: cluster.audit,
    scenarios,
    faults,
    cluster,
    kubeconfigYaml: () => kubeconfigYaml(url),
    writeKubeconfig: (file: string) => writeKubeconfigFile(file, url),
    reset,
    save: () => stateFile.writeSnapshot(),
    async stop() {
      if (stopped) return;
      stopped = true;
      controllers.stop();
      stateFile.detach();
      resources.closeAllWatches();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!ownsDataDir) stateFile.writeSnapshot();
      stateFile.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
