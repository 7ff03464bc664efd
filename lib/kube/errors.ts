/**
 * Errors from the Kubernetes API, carrying the Status object's `code` and `reason` so callers (and lib/release's
 * ObjectClient contract) can tell NotFound from AlreadyExists from Conflict, plus a distinct error for requests
 * that never got an answer (connection refused or dropped) and one for calls that ran out of time.
 */

export interface KubeStatus {
  kind?: string;
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: unknown[]; retryAfterSeconds?: number };
  code?: number;
}

export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;
  /** From the Retry-After header or Status details, when the server asked us to wait. */
  readonly retryAfterMs?: number;

  constructor(
    code: number,
    readonly status: KubeStatus,
    readonly method: string,
    readonly path: string,
    retryAfterMs?: number,
  ) {
    super(status.message || `${method} ${path}: HTTP ${code}`);
    this.name = "KubeApiError";
    this.code = code;
    this.reason = status.reason ?? "";
    this.retryAfterMs = retryAfterMs;
  }
}

/** The request failed below HTTP: refused, reset, or the connection closed before a full answer arrived. */
export class KubeConnectionError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly cause: unknown,
  ) {
    super(`${method} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "KubeConnectionError";
  }
}

/** The caller's AbortSignal fired or its deadline passed. */
export class KubeTimeoutError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = "KubeTimeoutError";
  }
}

function codeOf(error: unknown): number | undefined {
  return error instanceof KubeApiError ? error.code : undefined;
}

export const isNotFound = (error: unknown): boolean => codeOf(error) === 404;
export const isAlreadyExists = (error: unknown): boolean =>
  codeOf(error) === 409 && (error as KubeApiError).reason === "AlreadyExists";
export const isConflict = (error: unknown): boolean =>
  codeOf(error) === 409 && (error as KubeApiError).reason !== "AlreadyExists";
/** 410 Gone / Expired: a watch or list asked for a resourceVersion the server no longer has. */
export const isGone = (error: unknown): boolean => codeOf(error) === 410;
