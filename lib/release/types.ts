/**
 * The Helm release record (storage format v1) as zod schemas and TypeScript types, with helm's JSON field names.
 * Parsing accepts what helm 3 and helm 4 write: zero timestamps as "" (helm 3), null, or absent (helm 4).
 * Parsed records are normalised (missing lists become [], missing config becomes {}), so callers never branch on
 * which helm wrote them; `marshal.ts` writes them back the way helm 4.1.4 does.
 */
import { z } from "zod";
import { isZeroGoTime } from "./go-time";
import { RELEASE_STATUSES } from "./status";

/** A Go time.Time field: "", null and Go's zero instant all mean "zero", which we represent as undefined. */
const goTime = z.preprocess(
  (v) => (v === null || (typeof v === "string" && isZeroGoTime(v)) ? undefined : v),
  z.string().optional(),
);

const stringList = z.preprocess((v) => (v === null ? undefined : v), z.array(z.string()).optional());

export const maintainerSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  url: z.string().optional(),
});

export const dependencySchema = z.object({
  name: z.string().default(""),
  version: z.string().optional(),
  repository: z.string().default(""),
  condition: z.string().optional(),
  tags: stringList,
  enabled: z.boolean().optional(),
  "import-values": z.array(z.unknown()).nullable().optional(),
  alias: z.string().optional(),
  /** helm main only (HIP-0025); read but not written, as helm 4.1.4 does not know it. */
  "depends-on": stringList,
});

export const chartMetadataSchema = z.object({
  name: z.string().optional(),
  home: z.string().optional(),
  sources: stringList,
  version: z.string().optional(),
  description: z.string().optional(),
  keywords: stringList,
  maintainers: z.array(maintainerSchema.nullable()).nullable().optional(),
  icon: z.string().optional(),
  apiVersion: z.string().optional(),
  condition: z.string().optional(),
  tags: z.string().optional(),
  appVersion: z.string().optional(),
  deprecated: z.boolean().optional(),
  annotations: z.record(z.string(), z.string()).nullable().optional(),
  kubeVersion: z.string().optional(),
  dependencies: z.array(dependencySchema.nullable()).nullable().optional(),
  type: z.string().optional(),
});

export const chartLockSchema = z.object({
  generated: goTime,
  digest: z.string().default(""),
  dependencies: z.array(dependencySchema.nullable()).nullable().default(null),
});

/** A chart file; `data` is the base64 of the raw bytes, as Go encodes a []byte. */
export const chartFileSchema = z.object({
  name: z.string().default(""),
  data: z.string().nullable().default(null),
  modtime: goTime,
});

export const chartSchema = z.object({
  metadata: chartMetadataSchema.nullable().default(null),
  lock: chartLockSchema.nullable().default(null),
  templates: z.array(chartFileSchema).nullable().default(null),
  values: z.record(z.string(), z.unknown()).nullable().default(null),
  /** base64 of values.schema.json, or null. */
  schema: z.string().nullable().default(null),
  /** helm 4 only. */
  schemamodtime: goTime,
  files: z.array(chartFileSchema).nullable().default(null),
  /** helm 4 only. */
  modtime: goTime,
});

export const HOOK_PHASES = ["", "Running", "Unknown", "Succeeded", "Failed"] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

export const hookExecutionSchema = z.object({
  started_at: goTime,
  completed_at: goTime,
  phase: z.enum(HOOK_PHASES).default(""),
});

export const hookSchema = z.object({
  name: z.string().default(""),
  kind: z.string().default(""),
  /** Template path with the chart-name prefix, e.g. `mychart/templates/job.yaml`. */
  path: z.string().default(""),
  manifest: z.string().default(""),
  events: z.preprocess((v) => v ?? [], z.array(z.string())),
  last_run: z.preprocess((v) => v ?? {}, hookExecutionSchema),
  weight: z.number().int().default(0),
  delete_policies: z.preprocess((v) => v ?? [], z.array(z.string())),
  output_log_policies: z.preprocess((v) => v ?? [], z.array(z.string())),
});

export const releaseStatusSchema = z.enum(RELEASE_STATUSES);

export const releaseInfoSchema = z.object({
  first_deployed: goTime,
  last_deployed: goTime,
  deleted: goTime,
  description: z.string().default(""),
  status: z.preprocess((v) => (v === "" || v == null ? "unknown" : v), releaseStatusSchema),
  notes: z.string().default(""),
  /** Only filled by `helm status --show-resources`; never persisted by lifecycle code. */
  resources: z.record(z.string(), z.array(z.unknown())).nullable().optional(),
  /** helm main only; read but not written. */
  rollback_revision: z.number().int().optional(),
});

export const APPLY_METHODS = ["ssa", "csa"] as const;
export type ApplyMethod = (typeof APPLY_METHODS)[number];

export const releaseSchema = z.object({
  name: z.string().default(""),
  info: z.preprocess((v) => v ?? {}, releaseInfoSchema),
  chart: chartSchema.nullable().default(null),
  /** User-supplied values only. */
  config: z.preprocess((v) => v ?? {}, z.record(z.string(), z.unknown())),
  manifest: z.string().default(""),
  hooks: z.preprocess((v) => v ?? [], z.array(hookSchema)),
  version: z.number().int().default(0),
  namespace: z.string().default(""),
  /** helm 4: "ssa" | "csa"; absent means client-side apply. Unknown strings are kept, not rejected. */
  apply_method: z.string().optional(),
  /** Not part of the JSON (helm's `json:"-"`): the storage object's labels. */
  labels: z.record(z.string(), z.string()).default({}),
});

export type Maintainer = z.infer<typeof maintainerSchema>;
export type ChartDependency = z.infer<typeof dependencySchema>;
export type ChartMetadata = z.infer<typeof chartMetadataSchema>;
export type ChartLock = z.infer<typeof chartLockSchema>;
export type ChartFile = z.infer<typeof chartFileSchema>;
export type ReleaseChart = z.infer<typeof chartSchema>;
export type HookExecution = z.infer<typeof hookExecutionSchema>;
export type Hook = z.infer<typeof hookSchema>;
export type ReleaseInfo = z.infer<typeof releaseInfoSchema>;
export type Release = z.infer<typeof releaseSchema>;
/** What callers may hand in: defaults are filled by `parseRelease`. */
export type ReleaseInput = z.input<typeof releaseSchema>;

/** Validates and normalises a decoded release object (from helm 3, helm 4 or Hookline). */
export function parseRelease(value: unknown): Release {
  return releaseSchema.parse(value);
}
