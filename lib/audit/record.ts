/**
 * Writing the audit trail. Entries are append-only (the database refuses UPDATE and DELETE on AuditEntry), so this
 * module only ever inserts. Every attempt is recorded, refused ones included, with the actor's name copied in so the
 * trail stays readable whatever happens to the account later.
 */
import type { Db } from "@/lib/db/client";

export type AuditResult = "succeeded" | "failed" | "denied" | "cancelled" | "started";

export interface AuditInput {
  actor: { id: string | null; name: string };
  action: string;
  result: AuditResult;
  context?: string;
  namespace?: string;
  releaseName?: string;
  revision?: number | null;
  reason?: string;
  valuesDigest?: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      actorId: input.actor.id,
      actorName: input.actor.name,
      action: input.action,
      result: input.result,
      context: input.context ?? "",
      namespace: input.namespace ?? "",
      releaseName: input.releaseName ?? "",
      revision: input.revision ?? null,
      reason: input.reason ?? "",
      valuesDigest: input.valuesDigest ?? "",
      details: JSON.stringify(input.details ?? {}),
    },
  });
}
