/**
 * The audit trail as JSON, for compliance archives: `GET /api/audit/export[?release=NAME&namespace=NS&since=ISO]`.
 * Admins only; the export itself is audited. Entries already carry masked details (secrets never enter the trail).
 */
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { authorize, AuthorizationError } from "@/app/_server/session";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  let user;
  try {
    user = await authorize("manage-users");
  } catch (err) {
    if (err instanceof AuthorizationError) return Response.json({ error: err.message }, { status: err.status });
    throw err;
  }
  const params = new URL(request.url).searchParams;
  const since = params.get("since") ? new Date(params.get("since")!) : undefined;
  if (since && Number.isNaN(since.getTime())) return Response.json({ error: "since must be an ISO date" }, { status: 400 });
  const entries = await db().auditEntry.findMany({
    where: {
      ...(params.get("release") ? { releaseName: params.get("release")! } : {}),
      ...(params.get("namespace") ? { namespace: params.get("namespace")! } : {}),
      ...(since ? { at: { gte: since } } : {}),
    },
    orderBy: { at: "asc" },
  });
  await recordAudit(db(), { actor: { id: user.id, name: user.username }, action: "audit-export", result: "succeeded", details: { entries: entries.length } });
  const body = entries.map((e) => ({ ...e, details: JSON.parse(e.details) as unknown }));
  return new Response(JSON.stringify({ exportedAt: new Date().toISOString(), exportedBy: user.username, entries: body }, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": 'attachment; filename="hookline-audit.json"', "Cache-Control": "no-store" },
  });
}
