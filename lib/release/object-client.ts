/**
 * The small slice of a Kubernetes client the Secrets and ConfigMaps drivers need. lib/kube implements it; tests
 * may implement it in memory. Objects are in their JSON wire form: a Secret's `data` values are base64.
 * Errors must carry the API status `code` (and `reason` when the server sent one), like a Kubernetes Status.
 */
import type { CallOptions } from "./driver";

export type StorageObjectKind = "Secret" | "ConfigMap";

export interface StorageObject {
  apiVersion: "v1";
  kind: StorageObjectKind;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    resourceVersion?: string;
    [field: string]: unknown;
  };
  type?: string;
  data?: Record<string, string>;
}

export interface ObjectClient {
  /** Undefined when the object does not exist. */
  getObject(kind: StorageObjectKind, namespace: string, name: string, options?: CallOptions): Promise<StorageObject | undefined>;
  /** Lists with a server-side label selector; `namespace` undefined or "" lists every namespace. */
  listObjects(
    kind: StorageObjectKind,
    namespace: string | undefined,
    labelSelector: string,
    options?: CallOptions,
  ): Promise<StorageObject[]>;
  /** Fails with an error whose `code` is 409 when the name is taken. */
  createObject(object: StorageObject, options?: CallOptions): Promise<StorageObject>;
  updateObject(object: StorageObject, options?: CallOptions): Promise<StorageObject>;
  /** Fails with an error whose `code` is 404 when the object does not exist. */
  deleteObject(kind: StorageObjectKind, namespace: string, name: string, options?: CallOptions): Promise<void>;
}

function statusCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown; statusCode?: unknown }).code ?? (error as { statusCode?: unknown }).statusCode;
  return typeof code === "number" ? code : undefined;
}

export function isAlreadyExists(error: unknown): boolean {
  return statusCode(error) === 409 && (error as { reason?: unknown }).reason !== "Conflict";
}

export function isNotFound(error: unknown): boolean {
  return statusCode(error) === 404;
}
