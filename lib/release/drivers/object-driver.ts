/**
 * A release driver that keeps each record in one Kubernetes object (Secret or ConfigMap) named by the storage
 * key, in the driver's namespace, reached through an `ObjectClient`. The two helm drivers differ only in the
 * object kind, the Secret `type`, and whether `data.release` is base64-wrapped once more; `ObjectLayout` says which.
 */
import { decodeRelease, encodeRelease } from "../codec";
import type { CallOptions, ReleaseDriver } from "../driver";
import { ReleaseExistsError, ReleaseNotFoundError } from "../errors";
import { RELEASE_OWNER, labelSelector, storageLabels, withoutSystemLabels, type StorageWrite } from "../labels";
import { isAlreadyExists, isNotFound, type ObjectClient, type StorageObject, type StorageObjectKind } from "../object-client";
import type { Release } from "../types";

export interface ObjectLayout {
  driverName: string;
  kind: StorageObjectKind;
  /** Secret `type`; ConfigMaps have none. */
  type?: string;
  /** The value to put under `data.release` for the encoded release string. */
  wrap(encoded: string): string;
  unwrap(data: string): string;
}

export interface ObjectDriverOptions {
  /** Namespace the records live in; "" means every namespace (reads only, as with `helm list -A`). */
  namespace: string;
  /** Clock for createdAt/modifiedAt labels; tests pin it. */
  now?: () => Date;
  /** Called for records that cannot be decoded; helm logs and skips them. */
  onUndecodable?: (objectName: string, error: unknown) => void;
}

export class ObjectReleaseDriver implements ReleaseDriver {
  readonly name: string;
  private readonly now: () => Date;

  constructor(
    private readonly client: ObjectClient,
    private readonly layout: ObjectLayout,
    private readonly options: ObjectDriverOptions,
  ) {
    this.name = layout.driverName;
    this.now = options.now ?? (() => new Date());
  }

  private decode(object: StorageObject): Release {
    const raw = object.data?.release;
    if (raw === undefined) throw new Error(`object ${object.metadata.name} has no data.release`);
    return decodeRelease(this.layout.unwrap(raw));
  }

  private decodeAll(objects: StorageObject[]): Release[] {
    const releases: Release[] = [];
    for (const object of objects) {
      try {
        const release = this.decode(object);
        release.labels = { ...(object.metadata.labels ?? {}) };
        releases.push(release);
      } catch (error) {
        this.options.onUndecodable?.(object.metadata.name, error);
      }
    }
    return releases;
  }

  private buildObject(key: string, release: Release, write: StorageWrite): StorageObject {
    const object: StorageObject = {
      apiVersion: "v1",
      kind: this.layout.kind,
      metadata: {
        name: key,
        namespace: this.options.namespace,
        labels: storageLabels(release, write, this.now()),
      },
      data: { release: this.layout.wrap(encodeRelease(release)) },
    };
    if (this.layout.type) object.type = this.layout.type;
    return object;
  }

  async get(key: string, options?: CallOptions): Promise<Release> {
    const object = await this.client.getObject(this.layout.kind, this.options.namespace, key, options);
    if (!object) throw new ReleaseNotFoundError(key);
    const release = this.decode(object);
    release.labels = withoutSystemLabels(object.metadata.labels);
    return release;
  }

  async list(filter?: (release: Release) => boolean, options?: CallOptions): Promise<Release[]> {
    const objects = await this.client.listObjects(
      this.layout.kind,
      this.options.namespace,
      labelSelector({ owner: RELEASE_OWNER }),
      options,
    );
    const releases = this.decodeAll(objects);
    return filter ? releases.filter(filter) : releases;
  }

  async query(labels: Record<string, string>, options?: CallOptions): Promise<Release[]> {
    const selector = labelSelector(labels);
    const objects = await this.client.listObjects(this.layout.kind, this.options.namespace, selector, options);
    if (objects.length === 0) throw new ReleaseNotFoundError();
    return this.decodeAll(objects);
  }

  async create(key: string, release: Release, options?: CallOptions): Promise<void> {
    try {
      await this.client.createObject(this.buildObject(key, release, "create"), options);
    } catch (error) {
      if (isAlreadyExists(error)) throw new ReleaseExistsError(key);
      throw error;
    }
  }

  async update(key: string, release: Release, options?: CallOptions): Promise<void> {
    await this.client.updateObject(this.buildObject(key, release, "update"), options);
  }

  async delete(key: string, options?: CallOptions): Promise<Release> {
    const release = await this.get(key, options);
    try {
      await this.client.deleteObject(this.layout.kind, this.options.namespace, key, options);
    } catch (error) {
      if (isNotFound(error)) throw new ReleaseNotFoundError(key);
      throw error;
    }
    return release;
  }
}
