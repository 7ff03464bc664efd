/**
 * Kubernetes `Status` errors. client-go turns `reason` and `code` into typed errors (IsNotFound, IsConflict, …),
 * so the shapes and messages follow the real API server's.
 */
import { type ResourceType, qualifiedResource } from "./resource-types";

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function resourceDetails(type: ResourceType, name: string): StatusDetails {
  return { name, ...(type.group ? { group: type.group } : {}), kind: type.plural };
}

export function notFound(type: ResourceType, name: string): ApiError {
  return new ApiError(404, "NotFound", `${qualifiedResource(type)} "${name}" not found`, resourceDetails(type, name));
}

export function alreadyExists(type: ResourceType, name: string): ApiError {
  return new ApiError(409, "AlreadyExists", `${qualifiedResource(type)} "${name}" already exists`, resourceDetails(type, name));
}

export function conflict(type: ResourceType, name: string, why: string): ApiError {
  return new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`,
    resourceDetails(type, name),
  );
}

export const STALE_OBJECT = "the object has been modified; please apply your changes to the latest version and try again";

/** Causes carry `manager` and `apiVersion` so the message can group fields per manager as Kubernetes prints it. */
export interface ApplyConflictCause extends StatusCause {
  manager: string;
  apiVersion: string;
}

export function applyConflict(type: ResourceType, name: string, conflicts: ApplyConflictCause[]): ApiError {
  const byManager = new Map<string, ApplyConflictCause[]>();
  for (const c of conflicts) byManager.set(`${c.manager}\u0000${c.apiVersion}`, [...(byManager.get(`${c.manager}\u0000${c.apiVersion}`) ?? []), c]);
  const groups = [...byManager.values()].map((group) => {
    const { manager, apiVersion } = group[0];
    if (group.length === 1) return `conflict with "${manager}" using ${apiVersion}: ${group[0].field}`;
    return `conflicts with "${manager}" using ${apiVersion}:\n${group.map((c) => `- ${c.field}`).join("\n")}`;
  });
  const n = conflicts.length;
  const causes = conflicts.map(({ reason, message, field }) => ({ reason, message, field }));
  return new ApiError(409, "Conflict", `Apply failed with ${n} conflict${n === 1 ? "" : "s"}: ${groups.join("\n")}`, {
    ...resourceDetails(type, name),
    causes,
  });
}

export function invalid(type: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(", ");
  const qualifiedKind = type.group === "" ? type.kind : `${type.kind}.${type.group}`;
  return new ApiError(422, "Invalid", `${qualifiedKind} "${name}" is invalid: ${summary}`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes,
  });
}

export function expired(requested: number, oldest: number): ApiError {
  return new ApiError(410, "Expired", `too old resource version: ${requested} (${oldest})`);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

export function methodNotSupported(type: ResourceType, verb: string): ApiError {
  return new ApiError(405, "MethodNotAllowed", `${verb} is not supported on resources of kind "${qualifiedResource(type)}"`);
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`);
}

export function namespaceNotFound(namespace: string): ApiError {
  return new ApiError(404, "NotFound", `namespaces "${namespace}" not found`, { name: namespace, kind: "namespaces" });
}

export function namespaceTerminating(namespace: string, type: ResourceType, name: string): ApiError {
  return new ApiError(
    403,
    "Forbidden",
    `${qualifiedResource(type)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    resourceDetails(type, name),
  );
}

export function pageNotFound(path: string): ApiError {
  return new ApiError(404, "NotFound", `the server could not find the requested resource (${path})`, {});
}

export function internalError(message: string): ApiError {
  return new ApiError(500, "InternalError", `Internal error occurred: ${message}`);
}
