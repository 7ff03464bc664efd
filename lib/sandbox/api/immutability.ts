/**
 * Update validation for fields Kubernetes refuses to change after creation. Rehearsing an upgrade against the
 * sandbox should fail where a real cluster fails: a changed Job template, a changed workload selector, a changed
 * StatefulSet volumeClaimTemplate, or new data in an immutable ConfigMap or Secret all answer 422 Invalid.
 */
import type { StatusCause } from "./errors";
import { deepEqual } from "../patch/list-keys";

type Json = Record<string, unknown>;

const spec = (object: Json): Json => (object.spec ?? {}) as Json;

function immutable(field: string, value: unknown): StatusCause {
  return { reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(value)}: field is immutable`, field };
}

function unchangedFields(live: Json, next: Json, fields: string[]): StatusCause[] {
  return fields
    .filter((field) => spec(live)[field] !== undefined && !deepEqual(spec(live)[field], spec(next)[field]))
    .map((field) => immutable(`spec.${field}`, spec(next)[field] ?? null));
}

const STATEFULSET_MUTABLE = new Set(["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "revisionHistoryLimit"]);

const RULES: Record<string, (live: Json, next: Json) => StatusCause[]> = {
  "batch/Job": (live, next) => unchangedFields(live, next, ["selector", "template", "completionMode"]),
  "apps/Deployment": (live, next) => unchangedFields(live, next, ["selector"]),
  "apps/ReplicaSet": (live, next) => unchangedFields(live, next, ["selector"]),
  "apps/DaemonSet": (live, next) => unchangedFields(live, next, ["selector"]),
  "apps/StatefulSet": (live, next) => {
    const changed = new Set([...Object.keys(spec(live)), ...Object.keys(spec(next))]);
    const forbidden = [...changed].filter((field) => !STATEFULSET_MUTABLE.has(field) && !deepEqual(spec(live)[field], spec(next)[field]));
    if (forbidden.length === 0) return [];
    return [{
      reason: "FieldValueForbidden",
      message: "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      field: "spec",
    }];
  },
  "/ConfigMap": (live, next) => immutableData(live, next, ["data", "binaryData"]),
  "/Secret": (live, next) => immutableData(live, next, ["data", "stringData", "type"]),
};

function immutableData(live: Json, next: Json, fields: string[]): StatusCause[] {
  if (live.immutable !== true) return [];
  const causes: StatusCause[] = fields
    .filter((field) => !deepEqual(live[field], next[field]))
    .map((field) => ({ reason: "FieldValueForbidden", message: "Forbidden: field is immutable when `immutable` is set", field }));
  if (next.immutable !== true) causes.push({ reason: "FieldValueForbidden", message: "Forbidden: field is immutable when `immutable` is set", field: "immutable" });
  return causes;
}

/** Causes for a 422 when `next` changes fields of `live` that may not change. `kindKey` is `<group>/<Kind>`. */
export function immutableFieldViolations(kindKey: string, live: Json, next: Json): StatusCause[] {
  return RULES[kindKey]?.(live, next) ?? [];
}
