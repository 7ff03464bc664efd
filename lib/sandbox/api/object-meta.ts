/** Object metadata the server owns: names from generateName, uids, timestamps, and name validation. */
import { randomUUID } from "node:crypto";
import { type StatusCause } from "./errors";

type Json = Record<string, unknown>;

/** RFC 3339 without fractional seconds, as Kubernetes prints metav1.Time. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function newUid(): string {
  return randomUUID();
}

const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function generateName(prefix: string): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return `${prefix}${suffix}`;
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Problems with an object's name, as 422 causes; Kubernetes checks most names as DNS subdomains. */
export function validateName(name: string, kind: string): StatusCause[] {
  if (name === "") {
    return [{ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" }];
  }
  // RBAC and a few other kinds allow path segment names such as "system:controller"; only reject what breaks URLs.
  const lenient = kind.startsWith("Cluster") || kind === "Role" || kind === "RoleBinding";
  const ok = lenient ? !/[/%]/.test(name) && name !== "." && name !== ".." : SUBDOMAIN.test(name) && name.length <= 253;
  if (ok) return [];
  return [{ reason: "FieldValueInvalid", message: `Invalid value: "${name}": ${SUBDOMAIN_MESSAGE}`, field: "metadata.name" }];
}

export function metadataOf(object: Json): Json {
  const meta = object.metadata;
  if (meta !== null && typeof meta === "object" && !Array.isArray(meta)) return meta as Json;
  const created: Json = {};
  object.metadata = created;
  return created;
}
