"use server";

import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { cancelOperation } from "../../_server/operations";
import { clientFor, resolveContext } from "../../_server/clusters";
import { authorize, AuthorizationError } from "../../_server/session";
import { readHookState, type HookObjectState } from "../_server/hook-state";

export type CancelResult = { ok: true } | { ok: false; error: string };

export async function cancelOperationAction(operationId: string): Promise<CancelResult> {
  const id = z.string().uuid().safeParse(operationId);
  if (!id.success) return { ok: false, error: "invalid operation id" };
  const operation = await db().operation.findUnique({ where: { id: id.data } });
  if (!operation) return { ok: false, error: "no such operation" };
  try {
    const user = await authorize("cancel", { context: operation.context, releaseName: operation.releaseName, namespace: operation.namespace });
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

const hookStateInput = z.object({
  operationId: z.string().uuid(),
  event: z.string().min(1).max(64),
  kind: z.string().min(1).max(100),
  name: z.string().min(1).max(253),
  namespace: z.string().min(1).max(63),
});

export type HookStateResult = { ok: true; state: HookObjectState } | { ok: false; error: string };

/** What is left in the cluster of one hook this operation ran: the object (or that it is gone) and its Pods. */
export async function hookStateAction(raw: z.input<typeof hookStateInput>): Promise<HookStateResult> {
  try {
    await authorize("read");
    const input = hookStateInput.safeParse(raw);
    if (!input.success) return { ok: false, error: "invalid hook" };
    const { operationId, event, kind, name, namespace } = input.data;
    // Only hooks this operation really ran can be looked up, not arbitrary objects.
    const run = await db().hookRun.findFirst({ where: { operationId, event, kind, name, namespace }, include: { operation: { select: { context: true } } }, orderBy: { startedAt: "desc" } });
    if (!run) return { ok: false, error: "this operation ran no such hook" };
    const context = resolveContext(run.operation.context);
    if (!context || context.name !== run.operation.context) return { ok: false, error: `context ${run.operation.context} is not configured any more` };
    return { ok: true, state: await readHookState(clientFor(context), { kind, name, namespace, manifest: run.manifest }) };
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
