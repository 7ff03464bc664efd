/**
 * The sandbox's storage: objects per resource type, one cluster-wide resourceVersion counter, a bounded history of
 * change events for watch resumption, and an index from owner uid to dependents for garbage collection.
 * Stored objects are never mutated in place; a write replaces the object, so readers may share references.
 */
import type { FieldManagerRecord } from "../patch/server-side-apply";

type Json = Record<string, unknown>;

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  type: WatchEventType;
  typeKey: string;
  namespace: string;
  name: string;
  resourceVersion: number;
  object: Json;
  /** The object before this change (MODIFIED only), so selector-filtered watches can see objects leave. */
  previous?: Json;
}

export interface StoredEntry {
  object: Json;
  managers: FieldManagerRecord[];
}

export interface DependentRef {
  typeKey: string;
  namespace: string;
  name: string;
}

export interface StoreSnapshot {
  resourceVersion: number;
  entries: Array<{ typeKey: string; object: Json; managers: FieldManagerRecord[] }>;
}

function nameOf(object: Json): { namespace: string; name: string } {
  const meta = (object.metadata ?? {}) as Json;
  return { namespace: String(meta.namespace ?? ""), name: String(meta.name ?? "") };
}

function ownerUids(object: Json): string[] {
  const refs = ((object.metadata as Json | undefined)?.ownerReferences ?? []) as Json[];
  return refs.map((r) => String(r.uid));
}

export class ObjectStore {
  private readonly byType = new Map<string, Map<string, StoredEntry>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly dependents = new Map<string, Map<string, DependentRef>>();
  private resourceVersion = 0;
  /** The oldest resourceVersion from which a watch can still resume. */
  private compactedThrough = 0;

  constructor(private readonly historyLimit = 20_000) {}

  get currentResourceVersion(): number {
    return this.resourceVersion;
  }

  get oldestResumableVersion(): number {
    return this.compactedThrough;
  }

  private entries(typeKey: string): Map<string, StoredEntry> {
    let map = this.byType.get(typeKey);
    if (!map) {
      map = new Map();
      this.byType.set(typeKey, map);
    }
    return map;
  }

  get(typeKey: string, namespace: string, name: string): StoredEntry | undefined {
    return this.byType.get(typeKey)?.get(`${namespace}/${name}`);
  }

  list(typeKey: string, namespace?: string): StoredEntry[] {
    const all = [...(this.byType.get(typeKey)?.values() ?? [])];
    return namespace === undefined ? all : all.filter((e) => nameOf(e.object).namespace === namespace);
  }

  /** How many objects are stored. */
  get size(): number {
    let count = 0;
    for (const map of this.byType.values()) count += map.size;
    return count;
  }

  typeKeys(): string[] {
    return [...this.byType.keys()];
  }

  dependentsOf(uid: string): DependentRef[] {
    return [...(this.dependents.get(uid)?.values() ?? [])];
  }

  /** Stores `object` under a fresh resourceVersion and announces it; returns the stored object. */
  put(typeKey: string, object: Json, managers: FieldManagerRecord[], type: "ADDED" | "MODIFIED"): Json {
    const rv = ++this.resourceVersion;
    const stored = { ...object, metadata: { ...(object.metadata as Json), resourceVersion: String(rv) } };
    const { namespace, name } = nameOf(stored);
    const key = `${namespace}/${name}`;
    const previous = this.entries(typeKey).get(key);
    if (previous) this.unindex(previous.object, key, typeKey);
    this.entries(typeKey).set(key, { object: stored, managers });
    this.index(stored, typeKey);
    this.announce({ type, typeKey, namespace, name, resourceVersion: rv, object: stored, ...(previous ? { previous: previous.object } : {}) });
    return stored;
  }

  /** Rewrites bookkeeping that is not part of the object (field managers) without a new version. */
  setManagers(typeKey: string, namespace: string, name: string, managers: FieldManagerRecord[]): void {
    const entry = this.get(typeKey, namespace, name);
    if (entry) entry.managers = managers;
  }

  remove(typeKey: string, namespace: string, name: string): Json | undefined {
    const key = `${namespace}/${name}`;
    const entry = this.byType.get(typeKey)?.get(key);
    if (!entry) return undefined;
    this.byType.get(typeKey)!.delete(key);
    this.unindex(entry.object, key, typeKey);
    const rv = ++this.resourceVersion;
    const deleted = { ...entry.object, metadata: { ...(entry.object.metadata as Json), resourceVersion: String(rv) } };
    this.announce({ type: "DELETED", typeKey, namespace, name, resourceVersion: rv, object: deleted });
    return deleted;
  }

  /** Events after `resourceVersion`, or undefined when they were already compacted away (→ 410 Gone). */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.compactedThrough) return undefined;
    let low = 0;
    let high = this.history.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.history[mid].resourceVersion <= resourceVersion) low = mid + 1;
      else high = mid;
    }
    return this.history.slice(low);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the event history, as an etcd compaction does: older watches must relist. */
  compact(): void {
    this.history.length = 0;
    this.compactedThrough = this.resourceVersion;
  }

  snapshot(): StoreSnapshot {
    const entries: StoreSnapshot["entries"] = [];
    for (const [typeKey, map] of this.byType) for (const entry of map.values()) entries.push({ typeKey, ...entry });
    return { resourceVersion: this.resourceVersion, entries };
  }

  load(snapshot: StoreSnapshot): void {
    this.clear();
    for (const entry of snapshot.entries) {
      const { namespace, name } = nameOf(entry.object);
      this.entries(entry.typeKey).set(`${namespace}/${name}`, { object: entry.object, managers: entry.managers });
      this.index(entry.object, entry.typeKey);
    }
    this.resourceVersion = snapshot.resourceVersion;
    this.compactedThrough = snapshot.resourceVersion;
  }

  clear(): void {
    this.byType.clear();
    this.dependents.clear();
    this.history.length = 0;
    this.compactedThrough = this.resourceVersion;
  }

  private announce(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedThrough = dropped[dropped.length - 1].resourceVersion;
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  private index(object: Json, typeKey: string): void {
    const { namespace, name } = nameOf(object);
    for (const uid of ownerUids(object)) {
      let map = this.dependents.get(uid);
      if (!map) {
        map = new Map();
        this.dependents.set(uid, map);
      }
      map.set(`${typeKey}|${namespace}/${name}`, { typeKey, namespace, name });
    }
  }

  private unindex(object: Json, key: string, typeKey: string): void {
    for (const uid of ownerUids(object)) {
      const map = this.dependents.get(uid);
      map?.delete(`${typeKey}|${key}`);
      if (map && map.size === 0) this.dependents.delete(uid);
    }
  }
}
