"use server";

import type { Action } from "@/lib/auth/roles";
import { operationInputSchema, startOperation, type OperationInput, type StartResult } from "../../../_server/operations";
import { authorize, AuthorizationError, permitted } from "../../../_server/session";
import { z } from "zod";
import { clientFor, resolveContext } from "../../../_server/clusters";
import { impersonationFor } from "../../../_server/impersonation";
import { previewUpgrade, type UpgradePreview } from "../../../_server/upgrade-preview";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { recoverPendingRelease } from "@/lib/lifecycle/recovery";
import { createReleaseStore } from "@/lib/release";

const ACTION: Record<OperationInput["kind"], Action> = { install: "install", upgrade: "upgrade", rollback: "rollback", uninstall: "uninstall", test: "test" };

/** Starts an upgrade, rollback, uninstall or test of a release; returns the operation id at once. */
export async function startReleaseOperation(raw: OperationInput): Promise<StartResult> {
  const parsed = operationInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  if (parsed.data.kind === "install") return { ok: false, error: "install a chart from the chart workspace" };
  try {
    const user = await authorize(ACTION[parsed.data.kind], { context: parsed.data.context, releaseName: parsed.data.releaseName, namespace: parsed.data.namespace });
    return await startOperation(user, parsed.data);
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

const previewInput = z.object({ context: z.string().max(253).optional(), namespace: z.string().min(1).max(63), releaseName: z.string().min(1).max(53), valuesYaml: z.string().max(1_000_000) });

/** The values and manifest diffs an upgrade with these values would make (secrets masked), for the confirmation dialog. */
export async function previewUpgradeDiff(raw: z.input<typeof previewInput>): Promise<({ ok: true } & UpgradePreview) | { ok: false; error: string }> {
  const parsed = previewInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid input" };
  try {
    const user = await authorize("read", { context: parsed.data.context, releaseName: parsed.data.releaseName, namespace: parsed.data.namespace });
    const context = resolveContext(parsed.data.context);
    if (!context) return { ok: false, error: "no cluster is configured" };
    // Rendered against the live cluster only for a caller who may run this upgrade, through the client it would use.
    const mayUpgrade = await permitted(user, "upgrade", { context: context.name, namespace: parsed.data.namespace });
    const liveCluster = mayUpgrade ? clientFor(context, { impersonate: await impersonationFor(user) }) : undefined;
    return { ok: true, ...(await previewUpgrade(clientFor(context), parsed.data.namespace, parsed.data.releaseName, parsed.data.valuesYaml, { liveCluster })) };
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

const recoverInput = z.object({ context: z.string().max(253).optional(), namespace: z.string().min(1).max(63), releaseName: z.string().min(1).max(53), reason: z.string().max(1000).default("") });

/** Unlocks a release stuck in pending-* (admins): its latest record is marked failed; nothing in the cluster changes. */
export async function recoverStuckRelease(raw: z.input<typeof recoverInput>): Promise<{ ok: true; revision: number } | { ok: false; error: string }> {
  const parsed = recoverInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid input" };
  const { namespace, releaseName, reason } = parsed.data;
  try {
    const user = await authorize("recover", { context: parsed.data.context, releaseName, namespace });
    const context = resolveContext(parsed.data.context);
    if (!context) return { ok: false, error: "no cluster is configured" };
    const running = await db().operation.count({ where: { context: context.name, namespace, releaseName, status: { in: ["pending", "running"] } } });
    if (running > 0) return { ok: false, error: "a Hookline operation on this release is still running; cancel it instead" };
    const store = createReleaseStore({ namespace, client: clientFor(context, { impersonate: await impersonationFor(user) }) });
    const result = await recoverPendingRelease(store, releaseName, user.username);
    await recordAudit(db(), {
      actor: { id: user.id, name: user.username },
      action: "recover",
      result: "succeeded",
      context: context.name,
      namespace,
      releaseName,
      revision: result.revision,
      reason,
      details: { previousStatus: result.previousStatus },
    });
    return { ok: true, revision: result.revision };
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
