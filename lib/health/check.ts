/**
 * Hookline's health: whether the database answers and which cluster Hookline works against.
 * The status is "ok" when the database answers; an unreachable cluster is reported but does not make Hookline
 * unhealthy, since users can still audit history and edit charts without it.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { HOOKLINE_VERSION } from "@/lib/version";

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  database: z.object({ status: z.enum(["ok", "error"]), dialect: z.enum(["sqlite", "postgresql"]), error: z.string().optional() }),
  cluster: z.object({
    mode: z.enum(["kubeconfig", "sandbox", "none"]),
    status: z.enum(["ok", "unreachable", "not-configured"]),
    server: z.string().optional(),
    error: z.string().optional(),
  }),
});
export type Health = z.infer<typeof healthSchema>;

export type ClusterProbe = () => Promise<Health["cluster"]>;

export async function checkHealth(db: Db, dialect: "sqlite" | "postgresql", probeCluster: ClusterProbe): Promise<Health> {
  const database: Health["database"] = await db.$queryRawUnsafe("SELECT 1").then(
    () => ({ status: "ok" as const, dialect }),
    (err: unknown) => ({ status: "error" as const, dialect, error: err instanceof Error ? err.message : String(err) }),
  );
  const cluster = await probeCluster().catch((err: unknown) => ({
    mode: "none" as const,
    status: "unreachable" as const,
    error: err instanceof Error ? err.message : String(err),
  }));
  return { status: database.status === "ok" ? "ok" : "degraded", version: HOOKLINE_VERSION, database, cluster };
}
