/**
 * An in-process release driver for unit tests and previews. Records are kept encoded, exactly as the cluster
 * drivers store them, so a test using memory storage also exercises the codec and nobody can mutate a stored record
 * through a reference they kept.
 */
import { decodeRelease, encodeRelease } from "../codec";
import type { CallOptions, ReleaseDriver } from "../driver";
import { ReleaseExistsError, ReleaseNotFoundError } from "../errors";
import { RELEASE_OWNER, labelSelector, storageLabels, withoutSystemLabels } from "../labels";
import type { Release } from "../types";

interface StoredRecord {
  namespace: string;
  key: string;
  encoded: string;
  labels: Record<string, string>;
}

/** The shared backing map, so drivers for several namespaces can see one "cluster". */
export type MemoryRecords = Map<string, StoredRecord>;

export interface MemoryDriverOptions {
  /** "" reads every namespace. */
  namespace?: string;
  records?: MemoryRecords;
  now?: () => Date;
}

function throwIfAborted(options?: CallOptions): void {
  options?.signal?.throwIfAborted();
}

export class MemoryReleaseDriver implements ReleaseDriver {
  readonly name = "Memory";
  readonly records: MemoryRecords;
  private readonly namespace: string;
  private readonly now: () => Date;

  constructor(options: MemoryDriverOptions = {}) {
    this.namespace = options.namespace ?? "default";
    this.records = options.records ?? new Map();
    this.now = options.now ?? (() => new Date());
  }

  private id(key: string): string {
    return `${this.namespace}/${key}`;
  }

  private visible(): StoredRecord[] {
    return [...this.records.values()]
      .filter((r) => this.namespace === "" || r.namespace === this.namespace)
      .sort((a, b) => (a.namespace + "/" + a.key < b.namespace + "/" + b.key ? -1 : 1));
  }

  private withLabels(record: StoredRecord): Release {
    const release = decodeRelease(record.encoded);
    release.labels = { ...record.labels };
    return release;
  }

  async get(key: string, options?: CallOptions): Promise<Release> {
    throwIfAborted(options);
    const record = this.records.get(this.id(key));
    if (!record) throw new ReleaseNotFoundError(key);
    const release = decodeRelease(record.encoded);
    release.labels = withoutSystemLabels(record.labels);
    return release;
  }

  async list(filter?: (release: Release) => boolean, options?: CallOptions): Promise<Release[]> {
    throwIfAborted(options);
    const releases = this.visible()
      .filter((r) => r.labels.owner === RELEASE_OWNER)
      .map((r) => this.withLabels(r));
    return filter ? releases.filter(filter) : releases;
  }

  async query(labels: Record<string, string>, options?: CallOptions): Promise<Release[]> {
    throwIfAborted(options);
    labelSelector(labels); // same label-value validation as the cluster drivers
    const matches = this.visible().filter((r) => Object.entries(labels).every(([k, v]) => r.labels[k] === v));
    if (matches.length === 0) throw new ReleaseNotFoundError();
    return matches.map((r) => this.withLabels(r));
  }

  async create(key: string, release: Release, options?: CallOptions): Promise<void> {
    throwIfAborted(options);
    if (this.records.has(this.id(key))) throw new ReleaseExistsError(key);
    this.store(key, release, "create");
  }

  async update(key: string, release: Release, options?: CallOptions): Promise<void> {
    throwIfAborted(options);
    this.store(key, release, "update");
  }

  async delete(key: string, options?: CallOptions): Promise<Release> {
    const release = await this.get(key, options);
    this.records.delete(this.id(key));
    return release;
  }

  private store(key: string, release: Release, write: "create" | "update"): void {
    this.records.set(this.id(key), {
      namespace: this.namespace,
      key,
      encoded: encodeRelease(release),
      labels: storageLabels(release, write, this.now()),
    });
  }
}
