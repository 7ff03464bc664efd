/**
 * Decodes Kubernetes protobuf request bodies. client-go's typed clients (helm's release storage) send Secrets,
 * ConfigMaps and DeleteOptions as protobuf with no JSON fallback, so the sandbox must read them. The wire format is
 * the 4-byte magic `k8s\0` followed by a `runtime.Unknown` envelope whose `raw` field holds the object. Only the
 * fields those requests use are declared; the decoded object is returned in its JSON form. Responses stay JSON,
 * which client-go accepts because it also lists application/json in Accept.
 */
import protobuf from "protobufjs";
import { badRequest } from "../api/errors";

type Json = Record<string, unknown>;

const SCHEMA = `
syntax = "proto2";
package k8s;
message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
message Unknown {
  optional TypeMeta typeMeta = 1; optional bytes raw = 2;
  optional string contentEncoding = 3; optional string contentType = 4;
}
message Time { optional int64 seconds = 1; optional int32 nanos = 2; }
message OwnerReference {
  optional string kind = 1; optional string name = 3; optional string uid = 4; optional string apiVersion = 5;
  optional bool controller = 6; optional bool blockOwnerDeletion = 7;
}
message ObjectMeta {
  optional string name = 1; optional string generateName = 2; optional string namespace = 3;
  optional string uid = 5; optional string resourceVersion = 6; optional int64 generation = 7;
  optional Time creationTimestamp = 8; optional Time deletionTimestamp = 9;
  map<string, string> labels = 11; map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13; repeated string finalizers = 14;
}
message Secret {
  optional ObjectMeta metadata = 1; map<string, bytes> data = 2; optional string type = 3;
  map<string, string> stringData = 4; optional bool immutable = 5;
}
message ConfigMap {
  optional ObjectMeta metadata = 1; map<string, string> data = 2; map<string, bytes> binaryData = 3;
  optional bool immutable = 4;
}
message Preconditions { optional string uid = 1; optional string resourceVersion = 2; }
message DeleteOptions {
  optional int64 gracePeriodSeconds = 1; optional Preconditions preconditions = 2; optional bool orphanDependents = 3;
  optional string propagationPolicy = 4; repeated string dryRun = 5;
}
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const CONVERSION: protobuf.IConversionOptions = { longs: Number, bytes: String, defaults: false, arrays: false, objects: false };
const DECODABLE = new Set(["Secret", "ConfigMap", "DeleteOptions"]);

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
  if (!DECODABLE.has(kind)) throw badRequest(`the sandbox cannot decode protobuf bodies of kind ${JSON.stringify(kind)}; send JSON`);
  const type = root.lookupType(`k8s.${kind}`);
  const decoded = type.toObject(type.decode(envelope.raw ?? new Uint8Array()), CONVERSION) as Json;
  const object = dropZeroValues(decoded) as Json;
  if (isRecord(object.metadata)) object.metadata = normalizeMeta(object.metadata);
  return { apiVersion: envelope.typeMeta?.apiVersion ?? "v1", kind, ...object };
}

const MAP_FIELDS = new Set(["labels", "annotations", "data", "stringData", "binaryData"]);

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Go's encoder writes zero values (`namespace: ""`, `generation: 0`); they mean "unset". */
function dropZeroValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropZeroValues);
  if (!isRecord(value)) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === "" || v === 0 || v === false || v === null || v === undefined) continue;
    // Map fields keep their entries as they are: an empty label value or Secret key is meaningful.
    out[key] = MAP_FIELDS.has(key) ? v : dropZeroValues(v);
  }
  return out;
}

function toRfc3339(time: unknown): string | undefined {
  if (!isRecord(time)) return undefined;
  const seconds = Number(time.seconds ?? 0);
  if (seconds <= 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function normalizeMeta(meta: Json): Json {
  const out: Json = { ...meta };
  for (const key of ["creationTimestamp", "deletionTimestamp"]) {
    const converted = toRfc3339(meta[key]);
    if (converted) out[key] = converted;
    else delete out[key];
  }
  return out;
}
