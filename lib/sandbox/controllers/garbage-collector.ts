/**
 * Garbage collection through ownerReferences, and finalization of pending deletions:
 *  - when an owner disappears, dependents that have no other living owner are deleted (Background);
 *  - `foregroundDeletion`: dependents are deleted first, then the owner;
 *  - `orphan`: dependents lose their reference to the owner, then the owner goes;
 *  - a terminating Namespace is emptied, then removed.
 */
import type { Cluster } from "../api/cluster";
import { type ResourceType, typeKey } from "../api/resource-types";
import type { StoreEvent } from "../store/object-store";
import { CONTROLLER } from "./owned-objects";
import type { ReconcileQueue } from "./reconcile-queue";

type Json = Record<string, unknown>;

function finalizersOf(object: Json): string[] {
  return (((object.metadata ?? {}) as Json).finalizers ?? []) as string[];
}

export class GarbageCollector {
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly cluster: Cluster,
    private readonly queue: ReconcileQueue,
  ) {}

  start(): void {
    this.unsubscribe = this.cluster.store.subscribe((event) => this.onEvent(event));
    this.cluster.onDeletionStarted = (type, object) => this.enqueueFinalization(type, object);
    // Finish deletions that were pending when the sandbox last stopped.
    for (const type of this.cluster.registry.all()) {
      for (const entry of this.cluster.store.list(typeKey(type))) {
        if ((entry.object.metadata as Json).deletionTimestamp) this.enqueueFinalization(type, entry.object);
      }
    }
  }

  stop(): void {
    this.unsubscribe();
  }

  private onEvent(event: StoreEvent): void {
    if (event.type !== "DELETED") return;
    const meta = event.object.metadata as Json;
    const uid = String(meta.uid);
    this.queue.enqueue(`gc-orphans|${uid}`, () => this.collectDependents(uid));
    for (const ref of (meta.ownerReferences ?? []) as Json[]) {
      this.queue.enqueue(`gc-owner|${String(ref.uid)}`, () => this.recheckOwner(String(ref.uid), event.namespace, ref));
    }
    if (event.typeKey === "/services") {
      const ip = ((event.object.spec ?? {}) as Json).clusterIP;
      if (typeof ip === "string") this.cluster.releaseClusterIp(ip);
    }
    if (event.typeKey === "apiextensions.k8s.io/customresourcedefinitions") {
      this.cluster.registry.syncCustomResourceDefinition(event.name, undefined);
      // Custom resources go with their definition.
      const spec = (event.object.spec ?? {}) as Json;
      const storageKey = `${String(spec.group)}/${String(((spec.names ?? {}) as Json).plural)}`;
      this.queue.enqueue(`crd-cleanup|${storageKey}`, () => {
        for (const entry of this.cluster.store.list(storageKey)) {
          const meta = entry.object.metadata as Json;
          this.cluster.store.remove(storageKey, String(meta.namespace ?? ""), String(meta.name));
        }
      });
    }
    if (event.namespace !== "") {
      const nsType = this.cluster.registry.byGroupKind("", "Namespace")!;
      const ns = this.cluster.find(nsType, "", event.namespace);
      if (ns && (ns.metadata as Json).deletionTimestamp) this.enqueueFinalization(nsType, ns);
    }
  }

  private enqueueFinalization(type: ResourceType, object: Json): void {
    const meta = object.metadata as Json;
    this.queue.enqueue(`finalize|${typeKey(type)}|${String(meta.namespace ?? "")}/${String(meta.name)}`, () =>
      this.finalize(type, String(meta.namespace ?? ""), String(meta.name)),
    );
  }

  /** Deletes dependents whose owners are all gone; drops the dangling reference from the others. */
  private collectDependents(uid: string): void {
    for (const ref of this.cluster.store.dependentsOf(uid)) {
      const type = this.cluster.registry.byTypeKey(ref.typeKey);
      const entry = this.cluster.store.get(ref.typeKey, ref.namespace, ref.name);
      if (!type || !entry) continue;
      const owners = ((entry.object.metadata as Json).ownerReferences ?? []) as Json[];
      const alive = owners.filter((o) => o.uid !== uid && this.ownerExists(o, ref.namespace));
      if (alive.length === 0) {
        this.deleteQuietly(type, ref.namespace, ref.name, "Background");
      } else {
        this.cluster.update(type, ref.namespace, ref.name, (object) => {
          (object.metadata as Json).ownerReferences = owners.filter((o) => o.uid !== uid);
        });
      }
    }
  }

  private ownerExists(ref: Json, namespace: string): boolean {
    const type = this.cluster.registry.byKind(String(ref.apiVersion), String(ref.kind));
    if (!type) return false;
    const owner = this.cluster.find(type, type.namespaced ? namespace : "", String(ref.name));
    return owner !== undefined && (owner.metadata as Json).uid === ref.uid;
  }

  private recheckOwner(uid: string, namespace: string, ref: Json): void {
    const type = this.cluster.registry.byKind(String(ref.apiVersion), String(ref.kind));
    if (!type) return;
    const owner = this.cluster.find(type, type.namespaced ? namespace : "", String(ref.name));
    if (owner && (owner.metadata as Json).uid === uid && (owner.metadata as Json).deletionTimestamp) {
      this.finalize(type, type.namespaced ? namespace : "", String(ref.name));
    }
  }

  private finalize(type: ResourceType, namespace: string, name: string): void {
    const object = this.cluster.find(type, namespace, name);
    if (!object || !(object.metadata as Json).deletionTimestamp) return;
    const uid = String((object.metadata as Json).uid);
    if (type.group === "" && type.kind === "Namespace") return this.finalizeNamespace(name);
    const finalizers = finalizersOf(object);
    if (finalizers.includes("foregroundDeletion")) {
      const dependents = this.cluster.store.dependentsOf(uid);
      for (const ref of dependents) {
        const depType = this.cluster.registry.byTypeKey(ref.typeKey);
        const dep = this.cluster.store.get(ref.typeKey, ref.namespace, ref.name);
        if (depType && dep && !(dep.object.metadata as Json).deletionTimestamp) {
          this.deleteQuietly(depType, ref.namespace, ref.name, "Foreground");
        }
      }
      if (this.cluster.store.dependentsOf(uid).length === 0) this.removeFinalizer(type, namespace, name, "foregroundDeletion");
      return;
    }
    if (finalizers.includes("orphan")) {
      for (const ref of this.cluster.store.dependentsOf(uid)) {
        const depType = this.cluster.registry.byTypeKey(ref.typeKey);
        if (!depType) continue;
        this.cluster.update(depType, ref.namespace, ref.name, (dep) => {
          const meta = dep.metadata as Json;
          meta.ownerReferences = ((meta.ownerReferences ?? []) as Json[]).filter((o) => o.uid !== uid);
          if ((meta.ownerReferences as Json[]).length === 0) delete meta.ownerReferences;
        });
      }
      this.removeFinalizer(type, namespace, name, "orphan");
    }
  }

  private removeFinalizer(type: ResourceType, namespace: string, name: string, finalizer: string): void {
    this.cluster.update(type, namespace, name, (object) => {
      const meta = object.metadata as Json;
      meta.finalizers = finalizersOf(object).filter((f) => f !== finalizer);
    });
  }

  private finalizeNamespace(name: string): void {
    let remaining = 0;
    for (const type of this.cluster.registry.all()) {
      if (!type.namespaced) continue;
      for (const entry of this.cluster.store.list(typeKey(type), name)) {
        remaining++;
        if (!(entry.object.metadata as Json).deletionTimestamp) this.deleteQuietly(type, name, String((entry.object.metadata as Json).name), "Background");
      }
    }
    const nsType = this.cluster.registry.byGroupKind("", "Namespace")!;
    if (remaining === 0 && this.cluster.find(nsType, "", name)) this.cluster.finalize(nsType, "", name);
  }

  private deleteQuietly(type: ResourceType, namespace: string, name: string, propagationPolicy: "Background" | "Foreground"): void {
    try {
      this.cluster.delete(type, namespace, name, { propagationPolicy }, CONTROLLER);
    } catch {
      // Already gone.
    }
  }
}
