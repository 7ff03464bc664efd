/**
 * lib/release: Helm-compatible release records (types, JSON, storage encoding) and release storage with the
 * Secrets, ConfigMaps and memory drivers. Usable without Next.js; the cluster is reached through `ObjectClient`.
 */
export * from "./status";
export * from "./types";
export * from "./go-time";
export { marshalRelease } from "./marshal";
export { encodeRelease, decodeRelease, decodeReleaseJson } from "./codec";
export * from "./errors";
export * from "./labels";
export type { CallOptions, ReleaseDriver } from "./driver";
export * from "./object-client";
export { ReleaseStorage, byRevision, type ReleaseStore } from "./storage";
export { MemoryReleaseDriver, type MemoryDriverOptions, type MemoryRecords } from "./drivers/memory";
export { ObjectReleaseDriver, type ObjectDriverOptions, type ObjectLayout } from "./drivers/object-driver";
export { createSecretsDriver, SECRET_RELEASE_TYPE } from "./drivers/secrets";
export { createConfigMapsDriver } from "./drivers/configmaps";
export { createReleaseDriver, createReleaseStore, type ReleaseStoreOptions } from "./driver-select";
