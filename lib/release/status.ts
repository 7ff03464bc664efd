/**
 * Release statuses exactly as helm stores them (pkg/release/common/status.go), and the one question asked of them
 * everywhere: is an operation still in progress?
 */
export const RELEASE_STATUSES = [
  "unknown",
  "deployed",
  "uninstalled",
  "superseded",
  "failed",
  "uninstalling",
  "pending-install",
  "pending-upgrade",
  "pending-rollback",
] as const;

export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

const PENDING: ReadonlySet<ReleaseStatus> = new Set(["pending-install", "pending-upgrade", "pending-rollback"]);

/** True only for the three pending-* statuses; `uninstalling` is deliberately not pending, as in helm. */
export function isPendingStatus(status: ReleaseStatus): boolean {
  return PENDING.has(status);
}

export function isReleaseStatus(value: unknown): value is ReleaseStatus {
  return typeof value === "string" && (RELEASE_STATUSES as readonly string[]).includes(value);
}
