/**
 * Storage object names and labels for release records, shared by every driver so that all of them reproduce
 * helm's label behaviour (pkg/storage/driver/labels.go and the newObject helpers), quirks included.
 */
import { InvalidLabelValueError } from "./errors";
import type { Release } from "./types";

export const RELEASE_OWNER = "helm";
/** Label names helm owns; `--labels` may not use them and `Get` strips them from `release.labels`. */
export const SYSTEM_LABELS = ["name", "owner", "status", "version", "createdAt", "modifiedAt"] as const;
const SYSTEM_LABEL_SET: ReadonlySet<string> = new Set(SYSTEM_LABELS);

export function isSystemLabel(label: string): boolean {
  return SYSTEM_LABEL_SET.has(label);
}

/** `sh.helm.release.v1.<name>.v<revision>` */
export function releaseStorageKey(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A set-based selector in the canonical form client-go prints (keys sorted), e.g. `name=r,owner=helm`. */
export function labelSelector(labels: Record<string, string>): string {
  for (const value of Object.values(labels)) {
    if (!isValidLabelValue(value)) throw new InvalidLabelValueError(value);
  }
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

export function withoutSystemLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!isSystemLabel(k)) out[k] = v;
  return out;
}

export type StorageWrite = "create" | "update";

/**
 * The labels helm puts on a record object. The release's own labels go in, then createdAt (create) or modifiedAt
 * (update) = now, then the release's labels again, then name/owner/status/version. Re-applying the release labels
 * means a stale createdAt/modifiedAt carried in `release.labels` wins over "now" (helm/helm#32404); we keep that
 * so helm and Hookline leave identical records behind.
 */
export function storageLabels(release: Release, write: StorageWrite, now: Date): Record<string, string> {
  const labels: Record<string, string> = { ...release.labels };
  labels[write === "create" ? "createdAt" : "modifiedAt"] = String(Math.floor(now.getTime() / 1000));
  Object.assign(labels, release.labels);
  labels.name = release.name;
  labels.owner = RELEASE_OWNER;
  labels.status = release.info.status;
  labels.version = String(release.version);
  return labels;
}
