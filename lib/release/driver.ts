/**
 * The contract every release storage driver fulfils (Secrets, ConfigMaps, memory), mirroring helm's
 * storage/driver.Driver. Keys are storage keys (`releaseStorageKey`). Drivers know nothing about history rules;
 * `ReleaseStorage` builds those on top.
 */
import type { Release } from "./types";

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ReleaseDriver {
  readonly name: string;
  /** The record, with `labels` = the object's labels minus system labels. Throws ReleaseNotFoundError. */
  get(key: string, options?: CallOptions): Promise<Release>;
  /** Every record owned by helm in the driver's namespace (all namespaces when it has none) that passes `filter`. */
  list(filter?: (release: Release) => boolean, options?: CallOptions): Promise<Release[]>;
  /** Records whose object labels match all `labels`; `labels` include system labels. Throws ReleaseNotFoundError if none. */
  query(labels: Record<string, string>, options?: CallOptions): Promise<Release[]>;
  /** Throws ReleaseExistsError when the key is taken. */
  create(key: string, release: Release, options?: CallOptions): Promise<void>;
  /** Unconditional overwrite, like helm's PUT without resourceVersion. */
  update(key: string, release: Release, options?: CallOptions): Promise<void>;
  /** Returns the deleted record. Throws ReleaseNotFoundError. */
  delete(key: string, options?: CallOptions): Promise<Release>;
}
