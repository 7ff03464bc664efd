"use server";

import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { cancelOperation } from "../../_server/operations";
import { authorize, AuthorizationError } from "../../_server/session";

export type CancelResult = { ok: true } | { ok: false; error: string };

export async function cancelOperationAction(operationId: string): Promise<CancelResult> {
  const id = z.string().uuid().safeParse(operationId);
  if (!id.success) return { ok: false, error: "invalid operation id" };
  const operation = await db().operation.findUnique({ where: { id: id.data } });
  if (!operation) return { ok: false, error: "no such operation" };
  try {
    const user = await authorize("cancel", { releaseName: operation.releaseName, namespace: operation.namespace });
    const cancelled = cancelOperation(id.data);
    await recordAudit(db(), {
      actor: { id: user.id, name: user.username },
      action: "cancel",
      result: cancelled ? "succeeded" : "failed",
      context: operation.context,
      namespace: operation.namespace,
      releaseName: operation.releaseName,
      details: { operationId: id.data },
    });
    return cancelled ? { ok: true } : { ok: false, error: "the operation is not running on this server" };
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    throw err;
  }
}
