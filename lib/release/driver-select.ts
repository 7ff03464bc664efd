/**
 * Picks a release driver by the names helm accepts in HELM_DRIVER, so Hookline and the helm CLI agree on where
 * a namespace's releases live.
 */
import type { ReleaseDriver } from "./driver";
import { createConfigMapsDriver } from "./drivers/configmaps";
import { MemoryReleaseDriver } from "./drivers/memory";
import { createSecretsDriver } from "./drivers/secrets";
import type { ObjectClient } from "./object-client";
import { ReleaseStorage } from "./storage";

export interface ReleaseStoreOptions {
  /** HELM_DRIVER value; "" means the default, Secrets. */
  driver?: string;
  namespace: string;
  /** Required for the Secrets and ConfigMaps drivers. */
  client?: ObjectClient;
  maxHistory?: number;
}

export function createReleaseDriver(options: ReleaseStoreOptions): ReleaseDriver {
  const name = options.driver ?? "";
  switch (name) {
    case "":
    case "secret":
    case "secrets":
    case "configmap":
    case "configmaps": {
      if (!options.client) throw new Error(`the ${name || "secret"} driver needs a cluster client`);
      return name.startsWith("configmap")
        ? createConfigMapsDriver(options.client, { namespace: options.namespace })
        : createSecretsDriver(options.client, { namespace: options.namespace });
    }
    case "memory":
      return new MemoryReleaseDriver({ namespace: options.namespace });
    default:
      throw new Error(`unknown driver ${JSON.stringify(name)}`);
  }
}

export function createReleaseStore(options: ReleaseStoreOptions): ReleaseStorage {
  const storage = new ReleaseStorage(createReleaseDriver(options));
  storage.maxHistory = options.maxHistory ?? 0;
  return storage;
}
