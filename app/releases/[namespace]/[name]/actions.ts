"use server";

import type { Action } from "@/lib/auth/roles";
import { operationInputSchema, startOperation, type OperationInput, type StartResult } from "../../../_server/operations";
import { authorize, AuthorizationError } from "../../../_server/session";

const ACTION: Record<OperationInput["kind"], Action> = { install: "install", upgrade: "upgrade", rollback: "rollback", uninstall: "uninstall", test: "test" };

/** Starts an upgrade, rollback, uninstall or test of a release; returns the operation id at once. */
export async function startReleaseOperation(raw: OperationInput): Promise<StartResult> {
  const parsed = operationInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  if (parsed.data.kind === "install") return { ok: false, error: "install a chart from the chart workspace" };
  try {
    const user = await authorize(ACTION[parsed.data.kind], { releaseName: parsed.data.releaseName, namespace: parsed.data.namespace });
    return await startOperation(user, parsed.data);
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
