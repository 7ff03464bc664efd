/**
 * Release history on top of a driver, as helm's storage.Storage: revision lookups, "last" and "deployed"
 * queries, and max-history pruning when a new revision is created. Lifecycle code depends on the `ReleaseStore`
 * interface only, so any driver (or a test double) can be handed in.
 */
import type { CallOptions, ReleaseDriver } from "./driver";
import { HistoryPruneError, NoDeployedReleasesError, ReleaseNotFoundError } from "./errors";
import { RELEASE_OWNER, releaseStorageKey } from "./labels";
import type { Release } from "./types";

export interface ReleaseStore {
  /** 0 = unlimited. Applied by `create`, as helm does (`--history-max`). */
  maxHistory: number;
  get(name: string, version: number, options?: CallOptions): Promise<Release>;
  /** Every revision of `name`, oldest first. Throws ReleaseNotFoundError when there is none. */
  history(name: string, options?: CallOptions): Promise<Release[]>;
  /** The highest `deployed` revision. Throws NoDeployedReleasesError. */
  deployed(name: string, options?: CallOptions): Promise<Release>;
  /** All `deployed` revisions, oldest first. Throws NoDeployedReleasesError. */
  deployedAll(name: string, options?: CallOptions): Promise<Release[]>;
  /** The highest revision in any status. Throws ReleaseNotFoundError. */
  last(name: string, options?: CallOptions): Promise<Release>;
  /** Every record in scope that passes `filter` (helm list). */
  list(filter?: (release: Release) => boolean, options?: CallOptions): Promise<Release[]>;
  /** Prunes history first when maxHistory > 0. Throws ReleaseExistsError. */
  create(release: Release, options?: CallOptions): Promise<void>;
  update(release: Release, options?: CallOptions): Promise<void>;
  delete(name: string, version: number, options?: CallOptions): Promise<Release>;
}

export function byRevision(a: Release, b: Release): number {
  return a.version - b.version;
}

export class ReleaseStorage implements ReleaseStore {
  maxHistory = 0;

  constructor(readonly driver: ReleaseDriver) {}

  get(name: string, version: number, options?: CallOptions): Promise<Release> {
    return this.driver.get(releaseStorageKey(name, version), options);
  }

  async history(name: string, options?: CallOptions): Promise<Release[]> {
    const releases = await this.driver.query({ name, owner: RELEASE_OWNER }, options);
    return releases.sort(byRevision);
  }

  async deployedAll(name: string, options?: CallOptions): Promise<Release[]> {
    try {
      const releases = await this.driver.query({ name, owner: RELEASE_OWNER, status: "deployed" }, options);
      return releases.sort(byRevision);
    } catch (error) {
      if (error instanceof ReleaseNotFoundError) throw new NoDeployedReleasesError(name);
      throw error;
    }
  }

  async deployed(name: string, options?: CallOptions): Promise<Release> {
    const all = await this.deployedAll(name, options);
    return all[all.length - 1]!;
  }

  async last(name: string, options?: CallOptions): Promise<Release> {
    const all = await this.history(name, options);
    return all[all.length - 1]!;
  }

  list(filter?: (release: Release) => boolean, options?: CallOptions): Promise<Release[]> {
    return this.driver.list(filter, options);
  }

  async create(release: Release, options?: CallOptions): Promise<void> {
    if (this.maxHistory > 0) {
      // Make room for the record about to be written: keep maxHistory - 1 existing revisions.
      await this.removeLeastRecent(release.name, this.maxHistory - 1, options);
    }
    await this.driver.create(releaseStorageKey(release.name, release.version), release, options);
  }

  update(release: Release, options?: CallOptions): Promise<void> {
    return this.driver.update(releaseStorageKey(release.name, release.version), release, options);
  }

  delete(name: string, version: number, options?: CallOptions): Promise<Release> {
    return this.driver.delete(releaseStorageKey(name, version), options);
  }

  /**
   * Deletes the oldest revisions until at most `keep` remain, never the latest deployed one (helm keeps it even
   * when that means deleting newer failed revisions instead).
   */
  private async removeLeastRecent(name: string, keep: number, options?: CallOptions): Promise<void> {
    let history: Release[];
    try {
      history = await this.history(name, options);
    } catch (error) {
      if (error instanceof ReleaseNotFoundError) return;
      throw error;
    }
    if (history.length <= keep) return;

    const latestDeployed = [...history].reverse().find((r) => r.info.status === "deployed");
    const doomed: Release[] = [];
    for (const release of history) {
      if (history.length - doomed.length <= keep) break;
      if (release === latestDeployed) continue;
      doomed.push(release);
    }

    const errors: Error[] = [];
    for (const release of doomed) {
      try {
        await this.delete(release.name, release.version, options);
      } catch (error) {
        if (error instanceof ReleaseNotFoundError) continue;
        errors.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    if (errors.length > 0) throw new HistoryPruneError(errors);
  }
}
