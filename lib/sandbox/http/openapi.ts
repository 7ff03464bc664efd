/**
 * OpenAPI documents. kubectl and helm validate every object client-side unless the server's OpenAPI v3 document for
 * the group-version has a PATCH operation for the kind that accepts the `fieldValidation` query parameter; then they
 * leave validation to the server. So each per-group-version document lists such an operation for every kind, and
 * schemas stay empty. `/openapi/v2` answers an empty protobuf document, which clients accept as "no schemas".
 */
import { createHash } from "node:crypto";
import type { TypeRegistry } from "../api/registry";
import type { ResourceType } from "../api/resource-types";

type Json = Record<string, unknown>;

export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

function groupVersionPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

function itemPath(type: ResourceType): string {
  const base = `/${groupVersionPath(type.group, type.version)}`;
  return type.namespaced ? `${base}/namespaces/{namespace}/${type.plural}/{name}` : `${base}/${type.plural}/{name}`;
}

export function groupVersionDocument(registry: TypeRegistry, group: string, version: string): Json | undefined {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Json = {};
  for (const type of types) {
    const gvk = { group: type.group, version: type.version, kind: type.kind };
    paths[itemPath(type)] = {
      patch: {
        description: `partially update the specified ${type.kind}`,
        operationId: `patch${type.kind}`,
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": gvk,
        parameters: [
          { name: "fieldValidation", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "fieldManager", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "dryRun", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "force", in: "query", schema: { type: "boolean", uniqueItems: true } },
        ],
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.35.0" }, paths, components: { schemas: {} } };
}

function documentHash(document: Json): string {
  return createHash("sha512").update(JSON.stringify(document)).digest("hex").toUpperCase().slice(0, 128);
}

export function openapiV3Root(registry: TypeRegistry): Json {
  const paths: Json = {};
  for (const { group, version } of registry.groupVersions()) {
    const doc = groupVersionDocument(registry, group, version);
    if (!doc) continue;
    const gvPath = groupVersionPath(group, version);
    paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${documentHash(doc)}` };
  }
  return { paths };
}

/** Parses `/openapi/v3/api/v1` or `/openapi/v3/apis/<group>/<version>`. */
export function parseOpenapiV3Path(path: string): { group: string; version: string } | undefined {
  const parts = path.split("/").filter(Boolean).slice(2);
  if (parts[0] === "api" && parts.length === 2) return { group: "", version: parts[1] };
  if (parts[0] === "apis" && parts.length === 3) return { group: parts[1], version: parts[2] };
  return undefined;
}

export function openapiV2Json(): Json {
  return { swagger: "2.0", info: { title: "Kubernetes", version: "v1.35.0" }, paths: {}, definitions: {} };
}

