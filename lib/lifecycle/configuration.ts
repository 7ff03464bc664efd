/**
 * What every lifecycle operation is handed (helm's action.Configuration): the cluster client, the release store,
 * where events go, the per-release lock table and a clock. Nothing in lib/lifecycle reaches for a global; the UI,
 * the CLI and the tests each build one of these.
 */
import type { Writable } from "node:stream";
import type {
  ApplyOptions,
  Bounds,
  ClientSideUpdateResult,
  DeleteOptions,
  KubeList,
  KubeObject,
  ListOptions,
  ObjectRef,
  PodLogOptions,
  WaitCondition,
  WaitOptions,
  WaitOutcome,
  WriteOptions,
} from "@/lib/kube";
import type { ReleaseStore } from "@/lib/release";
import { EventStream, type EventSink } from "./events";
import { ReleaseLocks } from "./locks";

/** The parts of lib/kube's KubeClient the engine uses; a KubeClient satisfies it as is. */
export interface ClusterClient {
  get(ref: ObjectRef, bounds?: Bounds): Promise<KubeObject | undefined>;
  list(apiVersion: string, kind: string, options?: ListOptions, bounds?: Bounds): Promise<KubeList>;
  create(object: KubeObject, options?: WriteOptions, bounds?: Bounds): Promise<KubeObject>;
  replace(object: KubeObject, options?: WriteOptions, bounds?: Bounds): Promise<KubeObject>;
  apply(object: KubeObject, options?: ApplyOptions, bounds?: Bounds): Promise<KubeObject>;
  delete(ref: ObjectRef, options?: DeleteOptions, bounds?: Bounds): Promise<boolean>;
  updateClientSide(original: KubeObject | undefined, modified: KubeObject, options?: WriteOptions, bounds?: Bounds): Promise<ClientSideUpdateResult>;
  waitFor(refs: ObjectRef[], condition: WaitCondition, options?: WaitOptions): Promise<WaitOutcome[]>;
  streamLogs(namespace: string, pod: string, container: string, out: Writable, options?: PodLogOptions): Promise<void>;
  /** Folds client-side field ownership into server-side apply ownership; optional for clients that cannot. */
  migrateToServerSideApply?(ref: ObjectRef, options?: { fieldManager?: string }, bounds?: Bounds): Promise<boolean>;
}

export interface Configuration {
  kube: ClusterClient;
  /** Release records of the namespace the operation works in. */
  releases: ReleaseStore;
  /** Listeners for progress events (UI timeline, CLI output, database recorder). */
  sinks?: EventSink[];
  /** Shared by every operation of one process so two of them never interleave on one release. */
  locks?: ReleaseLocks;
  now?: () => Date;
  /** helm logs some failures instead of returning them; they end up here. */
  log?: (message: string) => void;
}

/** One process-wide lock table for callers that do not bring their own (the CLI, the web server). */
export const processLocks = new ReleaseLocks();

/** The per-operation view of a Configuration: an event stream and resolved defaults. */
export interface Session {
  kube: ClusterClient;
  releases: ReleaseStore;
  events: EventStream;
  locks: ReleaseLocks;
  now: () => Date;
  log: (message: string) => void;
}

export function openSession(config: Configuration): Session {
  const now = config.now ?? (() => new Date());
  return {
    kube: config.kube,
    releases: config.releases,
    events: new EventStream(config.sinks ?? [], now),
    locks: config.locks ?? processLocks,
    now,
    log: config.log ?? (() => undefined),
  };
}
