"use server";

import type { Action } from "@/lib/auth/roles";
import { operationInputSchema, startOperation, type OperationInput, type StartResult } from "../../../_server/operations";
import { authorize, AuthorizationError } from "../../../_server/session";
import { z } from "zod";
import { clientFor, resolveContext } from "../../../_server/clusters";
import { previewUpgrade, type UpgradePreview } from "../../../_server/upgrade-preview";

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

const previewInput = z.object({ context: z.string().max(253).optional(), namespace: z.string().min(1).max(63), releaseName: z.string().min(1).max(53), valuesYaml: z.string().max(1_000_000) });

/** The manifest diff an upgrade with these values would make (secrets masked), for the confirmation dialog. */
export async function previewUpgradeDiff(raw: z.input<typeof previewInput>): Promise<({ ok: true } & UpgradePreview) | { ok: false; error: string }> {
  const parsed = previewInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid input" };
  try {
    await authorize("read", { releaseName: parsed.data.releaseName, namespace: parsed.data.namespace });
    const context = resolveContext(parsed.data.context);
    if (!context) return { ok: false, error: "no cluster is configured" };
    return { ok: true, ...(await previewUpgrade(clientFor(context), parsed.data.namespace, parsed.data.releaseName, parsed.data.valuesYaml)) };
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
