/**
 * Serves `/api/v1/...` and `/apis/<group>/<version>/...`: resolves the resource type, namespace, name and
 * sub-resource from the path, decodes the body (JSON, YAML or protobuf) and calls the matching Cluster operation.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import YAML from "yaml";
import { ApiError, badRequest, expired, methodNotSupported, pageNotFound } from "../api/errors";
import jsonPatch, { type Operation } from "fast-json-patch";
import { type Cluster, type DeleteOptions, PATCH_CONTENT_TYPES, type PatchType, type WriteContext } from "../api/cluster";
import { applyMergePatch } from "../patch/merge-patch";
import type { ResourceType } from "../api/resource-types";
import { apiVersionOf } from "../api/resource-types";
import type { Faults, RequestVerb } from "../faults/faults";
import { podLogText } from "../controllers/pod-logs";
import { decodeProtobufBody, isProtobufContentType } from "./protobuf-body";
import { readBody, sendJson } from "./respond";
import { TABLE_CONTENT_TYPE, toTable, wantsTable } from "./table";
import { WatchStream } from "./watch-stream";
import { impersonationOf } from "./impersonation";

type Json = Record<string, unknown>;

export interface ResourceTarget {
  type: ResourceType;
  /** undefined = all namespaces (only for lists and watches). */
  namespace: string | undefined;
  name?: string;
  subresource?: string;
}

/** Resolves the path segments after the group-version. */
export function resolveTarget(cluster: Cluster, group: string, version: string, segments: string[]): ResourceTarget {
  const lookup = (plural: string): ResourceType | undefined => cluster.registry.byPath(group, version, plural);
  if (segments[0] === "namespaces" && segments.length >= 3) {
    const type = lookup(segments[2]);
    if (type && type.namespaced) {
      return { type, namespace: segments[1], name: segments[3], subresource: segments[4] };
    }
  }
  const type = lookup(segments[0] ?? "");
  if (!type) throw pageNotFound(`${["", group === "" ? "api" : "apis", group, version, ...segments].filter((s, i) => i === 0 || s !== "").join("/")}`);
  if (segments.length > 3) throw pageNotFound(segments.join("/"));
  return { type, namespace: type.namespaced ? undefined : "", name: segments[1], subresource: segments[2] };
}

function writeContext(req: IncomingMessage, query: URLSearchParams): WriteContext {
  const userAgent = String(req.headers["user-agent"] ?? "unknown");
  const fieldManager = query.get("fieldManager") ?? undefined;
  return {
    actor: fieldManager ?? userAgent.split("/")[0],
    fieldManager: fieldManager ?? userAgent.split("/")[0],
    dryRun: query.getAll("dryRun").includes("All"),
    force: query.get("force") === "true",
    impersonatedUser: impersonationOf(req),
  };
}

async function decodeBody(req: IncomingMessage): Promise<{ raw: string; parsed: unknown }> {
  const body = await readBody(req);
  const contentType = String(req.headers["content-type"] ?? "application/json");
  if (body.length === 0) return { raw: "", parsed: undefined };
  if (isProtobufContentType(contentType)) {
    const decoded = decodeProtobufBody(body);
    return { raw: JSON.stringify(decoded), parsed: decoded };
  }
  const raw = body.toString("utf8");
  if (contentType.includes("yaml")) {
    try {
      return { raw, parsed: YAML.parse(raw) };
    } catch (error) {
      throw badRequest(`error decoding YAML: ${(error as Error).message}`);
    }
  }
  if (PATCH_CONTENT_TYPES[contentType.split(";")[0].trim()]) return { raw, parsed: undefined };
  try {
    return { raw, parsed: JSON.parse(raw) };
  } catch (error) {
    throw badRequest(`error decoding JSON: ${(error as Error).message}`);
  }
}

export function verbOf(method: string, target: ResourceTarget, query: URLSearchParams): RequestVerb {
  if (method === "GET") return query.get("watch") === "true" || query.get("watch") === "1" ? "watch" : target.name ? "get" : "list";
  if (method === "POST") return "create";
  if (method === "PUT") return "update";
  if (method === "PATCH") return "patch";
  if (method === "DELETE") return target.name ? "delete" : "deletecollection";
  return "get";
}

function requireNamespace(target: ResourceTarget): string {
  if (target.namespace === undefined) throw new ApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`);
  return target.namespace;
}

export class ResourceHandler {
  readonly openWatches = new Set<WatchStream>();

  constructor(
    private readonly cluster: Cluster,
    private readonly faults: Faults,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
    const method = req.method ?? "GET";
    const { type, name, subresource } = target;
    const verb = verbOf(method, target, query);
    const accept = String(req.headers.accept ?? "");

    if (verb === "watch") return this.watch(res, target, query, accept);
    if (verb === "list") {
      if (query.get("resourceVersion") && query.get("resourceVersion") !== "0" && this.faults.takeForcedGone(type.plural)) {
        const rv = Number(query.get("resourceVersion"));
        throw expired(rv, rv + 1);
      }
      const list = this.cluster.list(type, target.namespace, {
        labelSelector: query.get("labelSelector"),
        fieldSelector: query.get("fieldSelector"),
        limit: Number(query.get("limit") ?? 0),
        continueToken: query.get("continue"),
      });
      const metadata = {
        resourceVersion: list.resourceVersion,
        ...(list.continueToken ? { continue: list.continueToken, remainingItemCount: list.remainingItemCount } : {}),
      };
      if (wantsTable(accept)) return sendJson(res, 200, { ...toTable(type.kind, list.items, list.resourceVersion, query.get("includeObject")), metadata }, TABLE_CONTENT_TYPE);
      return sendJson(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata, items: list.items });
    }
    if (verb === "get") {
      if (subresource === "log") {
        const pod = this.cluster.get(type, requireNamespace(target), name!);
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end(podLogText(pod, query.get("container") ?? undefined, query.get("tailLines") ? Number(query.get("tailLines")) : undefined));
        return;
      }
      const object = this.cluster.get(type, requireNamespace(target), name!);
      if (wantsTable(accept)) return sendJson(res, 200, toTable(type.kind, [object], String((object.metadata as Json).resourceVersion), query.get("includeObject")), TABLE_CONTENT_TYPE);
      return sendJson(res, 200, subresource === "scale" ? scaleOf(object) : object);
    }

    const ctx = writeContext(req, query);
    const { raw, parsed } = await decodeBody(req);
    if (subresource && subresource !== "status" && subresource !== "scale") throw methodNotSupported(type, method);

    switch (verb) {
      case "create": {
        if (name) throw new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        const created = this.cluster.create(type, requireNamespace(target), asObject(parsed), ctx);
        return sendJson(res, 201, created);
      }
      case "update": {
        const namespace = requireNamespace(target);
        if (subresource === "scale") return sendJson(res, 200, scaleOf(this.scale(target, asObject(parsed), ctx)));
        const live = this.cluster.find(type, namespace, name!);
        const updated = this.cluster.replace(type, namespace, name!, asObject(parsed), ctx, subresource);
        return sendJson(res, live ? 200 : 201, updated);
      }
      case "patch": {
        const contentType = String(req.headers["content-type"] ?? "").split(";")[0].trim();
        const patchType = PATCH_CONTENT_TYPES[contentType];
        if (!patchType) throw new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
        if (subresource === "scale") {
          const current = scaleOf(this.cluster.get(type, requireNamespace(target), name!));
          return sendJson(res, 200, scaleOf(this.scale(target, patchScale(current, patchType, raw), ctx)));
        }
        const { object, created } = this.cluster.patch(type, requireNamespace(target), name!, patchType, raw, ctx, subresource);
        return sendJson(res, created ? 201 : 200, object);
      }
      case "delete": {
        const options = deleteOptions(parsed, query);
        const deleted = this.cluster.delete(type, requireNamespace(target), name!, options, ctx);
        const meta = (deleted.metadata ?? {}) as Json;
        if (meta.deletionTimestamp && this.cluster.find(type, requireNamespace(target), name!)) return sendJson(res, 202, deleted);
        return sendJson(res, 200, deleted);
      }
      case "deletecollection": {
        const options = deleteOptions(parsed, query);
        const deleted = this.cluster.deleteCollection(type, target.namespace, { labelSelector: query.get("labelSelector"), fieldSelector: query.get("fieldSelector") }, options, ctx);
        return sendJson(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: String(this.cluster.store.currentResourceVersion) }, items: deleted });
      }
      default:
        throw methodNotSupported(type, method);
    }
  }

  private scale(target: ResourceTarget, scale: Json, ctx: WriteContext): Json {
    const replicas = Number(((scale.spec ?? {}) as Json).replicas ?? 0);
    const namespace = requireNamespace(target);
    const live = this.cluster.get(target.type, namespace, target.name!);
    return this.cluster.replace(target.type, namespace, target.name!, { ...live, spec: { ...((live.spec ?? {}) as Json), replicas } }, ctx);
  }

  private watch(res: ServerResponse, target: ResourceTarget, query: URLSearchParams, accept: string): void {
    const fieldSelectors = [query.get("fieldSelector"), target.name ? `metadata.name=${target.name}` : null].filter(Boolean);
    const stream = new WatchStream(
      this.cluster,
      {
        type: target.type,
        namespace: target.namespace,
        labelSelector: query.get("labelSelector"),
        fieldSelector: fieldSelectors.length ? fieldSelectors.join(",") : null,
        resourceVersion: query.get("resourceVersion"),
        sendInitialEvents: query.get("sendInitialEvents") === "true",
        allowBookmarks: query.get("allowWatchBookmarks") === "true",
        timeoutSeconds: query.get("timeoutSeconds") ? Number(query.get("timeoutSeconds")) : undefined,
        asTable: wantsTable(accept),
        includeObject: query.get("includeObject"),
        lifetimeMs: this.faults.watchLifetime(target.type.plural),
        forceGone: this.faults.takeForcedGone(target.type.plural),
      },
      res,
      (closed) => this.openWatches.delete(closed),
    );
    this.openWatches.add(stream);
    stream.start();
  }

  closeAllWatches(): void {
    for (const stream of [...this.openWatches]) stream.end();
  }
}

function asObject(parsed: unknown): Json {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw badRequest("the request body must be a JSON or YAML object");
  return parsed as Json;
}

function deleteOptions(parsed: unknown, query: URLSearchParams): DeleteOptions {
  const body = (parsed && typeof parsed === "object" ? parsed : {}) as Json;
  let policy = (body.propagationPolicy ?? query.get("propagationPolicy") ?? undefined) as DeleteOptions["propagationPolicy"];
  if (!policy && (body.orphanDependents === true || query.get("orphanDependents") === "true")) policy = "Orphan";
  const dryRun = [...((body.dryRun ?? []) as string[]), ...query.getAll("dryRun")].includes("All");
  return { propagationPolicy: policy, preconditions: (body.preconditions ?? undefined) as DeleteOptions["preconditions"], dryRun };
}

/** Applies a patch to a Scale object; it has no lists, so strategic merge and apply behave like merge patch. */
function patchScale(scale: Json, patchType: PatchType, raw: string): Json {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = YAML.parse(raw);
  }
  if (patchType === "json") {
    try {
      return jsonPatch.applyPatch(structuredClone(scale), body as Operation[], true, false).newDocument as Json;
    } catch (error) {
      throw new ApiError(422, "Invalid", `the server rejected our request due to an error in our request: ${(error as Error).message}`);
    }
  }
  return applyMergePatch(scale, body) as Json;
}

function scaleOf(object: Json): Json {
  const meta = (object.metadata ?? {}) as Json;
  const spec = (object.spec ?? {}) as Json;
  const status = (object.status ?? {}) as Json;
  const selector = ((spec.selector ?? {}) as Json).matchLabels as Record<string, string> | undefined;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: Object.entries(selector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") },
  };
}
