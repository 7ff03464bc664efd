/**
 * The sandbox's own HTTP API under `/sandbox/v1` (not a Kubernetes path, so no client confuses it with one):
 *   GET    /sandbox/v1/audit?since=N&actor=A&clientsOnly=true&namespace=NS&kind=K&impersonatedUser=U   DELETE /sandbox/v1/audit
 *   GET    /sandbox/v1/scenarios   POST /sandbox/v1/scenarios   DELETE /sandbox/v1/scenarios[/ID]
 *   GET    /sandbox/v1/faults      PUT  /sandbox/v1/faults      DELETE /sandbox/v1/faults
 *   POST   /sandbox/v1/faults/drop-watches
 *   POST   /sandbox/v1/reset
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ApiError, badRequest, pageNotFound } from "../api/errors";
import type { AuditLog } from "../audit/audit-log";
import type { Faults } from "../faults/faults";
import type { ScenarioBook } from "../scenarios/scenario-book";
import { readBody, sendJson } from "./respond";

export interface SandboxControls {
  audit: AuditLog;
  scenarios: ScenarioBook;
  faults: Faults;
  reset: () => Promise<void>;
  /** Something outside the store changed (audit, scenarios): save soon. */
  changed: () => void;
  /** Rewrites the whole saved state now (after removals an append log cannot express). */
  persistNow: () => void;
}

const scenarioSchema = z.object({
  kind: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().optional(),
  action: z.enum(["fail", "hang", "slow", "succeed"]),
  duration: z.union([z.string(), z.number()]).optional(),
  logs: z.string().optional(),
  times: z.number().int().min(0).optional(),
});

const verbRates = z.partialRecord(z.enum(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]), z.number().min(0).max(1));
const faultSchema = z.object({
  latencyMs: z.number().min(0).optional(),
  errorRate: verbRates.optional(),
  errorCode: z.union([z.literal(429), z.literal(500), z.literal(503)]).optional(),
  resource: z.string().optional(),
  dropWatchesAfterMs: z.number().min(0).optional(),
  forceGone: z.number().int().min(0).optional(),
});

async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const raw = (await readBody(req)).toString("utf8");
  let parsed: unknown;
  try {
    parsed = raw === "" ? {} : JSON.parse(raw);
  } catch (error) {
    throw badRequest(`invalid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new ApiError(422, "Invalid", result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return result.data;
}

export async function handleSandboxApi(req: IncomingMessage, res: ServerResponse, url: URL, controls: SandboxControls): Promise<void> {
  const parts = url.pathname.split("/").filter(Boolean).slice(2);
  const method = req.method ?? "GET";
  const q = url.searchParams;
  const route = `${method} ${parts[0] ?? ""}${parts[1] ? "/*" : ""}`;
  switch (route) {
    case "GET audit": {
      const items = controls.audit.entries({
        since: q.get("since") ? Number(q.get("since")) : undefined,
        actor: q.get("actor") ?? undefined,
        clientsOnly: q.get("clientsOnly") === "true",
        namespace: q.get("namespace") ?? undefined,
        kind: q.get("kind") ?? undefined,
        impersonatedUser: q.get("impersonatedUser") ?? undefined,
      });
      return sendJson(res, 200, { items, lastSeq: controls.audit.lastSeq });
    }
    case "DELETE audit":
      controls.audit.clear();
      controls.persistNow();
      return sendJson(res, 200, { items: [] });
    case "GET scenarios":
      return sendJson(res, 200, { items: controls.scenarios.list() });
    case "POST scenarios": {
      const scenario = controls.scenarios.add(await jsonBody(req, scenarioSchema));
      controls.changed();
      return sendJson(res, 201, scenario);
    }
    case "DELETE scenarios":
      controls.scenarios.clear();
      controls.changed();
      return sendJson(res, 200, { items: [] });
    case "DELETE scenarios/*":
      if (!controls.scenarios.remove(parts[1])) throw new ApiError(404, "NotFound", `scenario "${parts[1]}" not found`);
      controls.changed();
      return sendJson(res, 200, { items: controls.scenarios.list() });
    case "GET faults":
      return sendJson(res, 200, controls.faults.current);
    case "PUT faults":
      controls.faults.set(await jsonBody(req, faultSchema));
      return sendJson(res, 200, controls.faults.current);
    case "DELETE faults":
      controls.faults.clear();
      return sendJson(res, 200, controls.faults.current);
    case "POST faults/*":
      if (parts[1] !== "drop-watches") break;
      controls.faults.dropWatches();
      return sendJson(res, 200, controls.faults.current);
    case "POST reset":
      await controls.reset();
      return sendJson(res, 200, { status: "reset" });
  }
  throw pageNotFound(url.pathname);
}
