/**
 * Which lists of built-in kinds merge item by item, and by which key. Strategic merge patch and server-side apply
 * both need this; everything else (and every list in a custom resource) is atomic and replaced whole.
 */

type Json = Record<string, unknown>;

const KEY_BY_FIELD: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  volumes: "name",
  env: "name",
  imagePullSecrets: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  conditions: "type",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  resourceClaims: "name",
  ownerReferences: "uid",
};

/**
 * The merge key for the list stored under `field`, or undefined when the list is atomic. `ports` is keyed by
 * `containerPort` inside containers and by `port` in a Service, so the items decide.
 */
export function listMergeKey(field: string, items: unknown[], builtin: boolean): string | undefined {
  if (!builtin) return undefined;
  if (!items.every((item) => item !== null && typeof item === "object" && !Array.isArray(item))) return undefined;
  if (field === "ports") {
    return (items as Json[]).some((item) => "containerPort" in item) ? "containerPort" : "port";
  }
  return KEY_BY_FIELD[field];
}

export function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ak = Object.keys(a as Json);
  const bk = Object.keys(b as Json);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Json)[k], (b as Json)[k]));
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
