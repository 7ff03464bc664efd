/**
 * The HTTP front door: routes discovery, OpenAPI, the sandbox API and resource requests, applies injected faults
 * to Kubernetes API requests, and turns every thrown ApiError into a Status answer.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { ApiError, pageNotFound } from "../api/errors";
import type { Cluster } from "../api/cluster";
import type { Faults } from "../faults/faults";
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  aggregatedDiscovery,
  legacyCoreVersions,
  legacyGroup,
  legacyGroupList,
  resourceList,
  versionInfo,
  wantsAggregatedDiscovery,
} from "./discovery";
import { OPENAPI_V2_PROTOBUF_CONTENT_TYPE, groupVersionDocument, openapiV2Json, openapiV3Root, parseOpenapiV3Path } from "./openapi";
import { ResourceHandler, resolveTarget, verbOf } from "./resource-handler";
import { sendError, sendJson } from "./respond";
import { type SandboxControls, handleSandboxApi } from "./sandbox-api";

export interface ApiServer {
  server: Server;
  resources: ResourceHandler;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createApiServer(cluster: Cluster, faults: Faults, controls: SandboxControls): ApiServer {
  const resources = new ResourceHandler(cluster, faults);
  faults.onDropWatches = () => resources.closeAllWatches();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const accept = String(req.headers.accept ?? "");
    const parts = path.split("/").filter(Boolean);

    if (parts[0] === "sandbox") return handleSandboxApi(req, res, url, controls);
    if (req.method === "GET") {
      if (path === "/version") return sendJson(res, 200, versionInfo());
      if (path === "/healthz" || path === "/livez" || path === "/readyz") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end("ok");
        return;
      }
      if (path === "/api" || path === "/apis") {
        const core = path === "/api";
        if (wantsAggregatedDiscovery(accept)) return sendJson(res, 200, aggregatedDiscovery(cluster.registry, core), AGGREGATED_DISCOVERY_CONTENT_TYPE);
        return sendJson(res, 200, core ? legacyCoreVersions(String(req.headers.host ?? "")) : legacyGroupList(cluster.registry));
      }
      if (path === "/openapi/v2") {
        if (accept.includes("protobuf")) {
          res.writeHead(200, { "Content-Type": OPENAPI_V2_PROTOBUF_CONTENT_TYPE, "Content-Length": 0 });
          res.end();
          return;
        }
        return sendJson(res, 200, openapiV2Json());
      }
      if (path === "/openapi/v3") return sendJson(res, 200, openapiV3Root(cluster.registry));
      if (path.startsWith("/openapi/v3/")) {
        const gv = parseOpenapiV3Path(path);
        const doc = gv && groupVersionDocument(cluster.registry, gv.group, gv.version);
        if (!doc) throw pageNotFound(path);
        return sendJson(res, 200, doc);
      }
      if (parts[0] === "api" && parts.length === 2) {
        const list = resourceList(cluster.registry, "", parts[1]);
        if (!list) throw pageNotFound(path);
        return sendJson(res, 200, list);
      }
      if (parts[0] === "apis" && parts.length === 2) {
        const group = legacyGroup(cluster.registry, parts[1]);
        if (!group) throw pageNotFound(path);
        return sendJson(res, 200, group);
      }
      if (parts[0] === "apis" && parts.length === 3) {
        const list = resourceList(cluster.registry, parts[1], parts[2]);
        if (!list) throw pageNotFound(path);
        return sendJson(res, 200, list);
      }
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === "api" && parts.length >= 3) [group, version, rest] = ["", parts[1], parts.slice(2)];
    else if (parts[0] === "apis" && parts.length >= 4) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
    else throw pageNotFound(path);

    const target = resolveTarget(cluster, group, version, rest);
    const latency = faults.latency(target.type.plural);
    if (latency > 0) await sleep(latency);
    const injected = faults.errorFor(verbOf(req.method ?? "GET", target, url.searchParams), target.type.plural);
    if (injected) throw injected;
    await resources.handle(req, res, target, url.searchParams);
  }

  const server = createServer((req, res) => {
    route(req, res)
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) console.error("[sandbox]", req.method, req.url, error);
        sendError(res, error);
      })
      // Writes add audit entries even when they fail; have them saved.
      .finally(() => {
        if (req.method !== "GET") controls.changed();
      });
  });
  server.keepAliveTimeout = 30_000;
  return { server, resources };
}
