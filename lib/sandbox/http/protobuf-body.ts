/**
 * Decodes Kubernetes protobuf request bodies. client-go's typed clients (helm's release storage, kubectl's
 * generators) send built-in kinds as protobuf with no JSON fallback, so the sandbox must read them. The wire format
 * is the 4-byte magic `k8s\0` followed by a `runtime.Unknown` envelope whose `raw` field holds the object; the
 * decoded object is returned in its JSON form. Responses stay JSON, which client-go accepts because it also lists
 * application/json in Accept.
 */
import protobuf from "protobufjs";
import { badRequest } from "../api/errors";
import { KUBERNETES_PROTO } from "./protobuf-schema";

type Json = Record<string, unknown>;

const root = protobuf.parse(KUBERNETES_PROTO, { keepCase: true }).root;
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/**
 * Go writes every non-pointer field, zero or not, so zero scalars usually mean "unset" and are dropped, as JSON's
 * omitempty would. These optional (pointer) fields keep an explicit zero or false, which means something.
 */
const MEANINGFUL_ZERO = new Set([
  "replicas", "backoffLimit", "parallelism", "completions", "activeDeadlineSeconds", "ttlSecondsAfterFinished",
  "terminationGracePeriodSeconds", "revisionHistoryLimit", "successfulJobsHistoryLimit", "failedJobsHistoryLimit",
  "automountServiceAccountToken", "suspend", "value", "globalDefault", "immutable",
]);

export function isProtobufContentType(contentType: string): boolean {
  return contentType.startsWith("application/vnd.kubernetes.protobuf");
}

/** Decodes a `k8s\0`-prefixed protobuf body into the object's JSON form. */
export function decodeProtobufBody(body: Buffer): Json {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw badRequest("protobuf body is missing the k8s envelope");
  const envelope = root.lookupType("k8s.Unknown").decode(body.subarray(4)) as unknown as {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: Uint8Array;
  };
  const kind = envelope.typeMeta?.kind ?? "";
  const type = root.lookup(`k8s.${kind}`);
  if (!(type instanceof protobuf.Type) || ["Unknown", "TypeMeta"].includes(kind)) {
    throw badRequest(`the sandbox cannot decode protobuf bodies of kind ${JSON.stringify(kind)}; send JSON`);
  }
  const message = type.decode(envelope.raw ?? new Uint8Array());
  return { apiVersion: envelope.typeMeta?.apiVersion ?? "v1", kind, ...(toJson(type, message) as Json) };
}

function toRfc3339(time: protobuf.Message): string | undefined {
  const seconds = Number((time as unknown as { seconds?: number | { toNumber(): number } }).seconds ?? 0);
  return seconds > 0 ? new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") : undefined;
}

function scalar(field: protobuf.Field, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "object" && value !== null && "toNumber" in value) return (value as { toNumber(): number }).toNumber();
  return value;
}

/** Converts a decoded message to its Kubernetes JSON form, special-casing Time, Quantity and IntOrString. */
function toJson(type: protobuf.Type, message: protobuf.Message): unknown {
  switch (type.name) {
    case "Time":
      return toRfc3339(message);
    case "Quantity":
      return (message as unknown as { string?: string }).string ?? "0";
    case "IntOrString": {
      const v = message as unknown as { type?: number; intVal?: number; strVal?: string };
      return Number(v.type ?? 0) === 1 ? (v.strVal ?? "") : (v.intVal ?? 0);
    }
  }
  const out: Json = {};
  for (const field of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(message, field.name)) continue;
    const raw = (message as unknown as Json)[field.name];
    field.resolve();
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    const convert = (v: unknown): unknown => (nested ? toJson(nested, v as protobuf.Message) : scalar(field, v));
    let value: unknown;
    if (field.map) {
      const entries = Object.entries(raw as Json);
      value = Object.fromEntries(entries.map(([k, v]) => [k, convert(v)]));
    } else if (field.repeated) {
      const list = raw as unknown[];
      if (list.length === 0) continue;
      value = list.map(convert);
    } else value = convert(raw);
    if (value === undefined || value === null || value === "") continue;
    if ((value === 0 || value === false) && !MEANINGFUL_ZERO.has(field.name)) continue;
    if (field.map && Object.keys(value as Json).length === 0) continue;
    out[field.name] = value;
  }
  return out;
}
