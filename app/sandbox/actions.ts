"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { addScenario, removeScenario, resetSandbox, scenarioInputSchema } from "../_server/sandbox";
import { authorize, AuthorizationError } from "../_server/session";

export interface SandboxState {
  error?: string;
  message?: string;
}

function optional(form: FormData, key: string): string | undefined {
  const v = String(form.get(key) ?? "").trim();
  return v === "" ? undefined : v;
}

type Check = () => ReturnType<typeof authorize>;

/** Runs a sandbox change after `check` (the role check each action names itself), audits it, and reports errors as state. */
async function guarded(check: Check, what: string, run: (actor: { id: string; name: string }) => Promise<string>): Promise<SandboxState> {
  try {
    const user = await check();
    const actor = { id: user.id, name: user.username };
    const message = await run(actor);
    await recordAudit(db(), { actor, action: what, result: "succeeded", details: { message } });
    revalidatePath("/sandbox");
    return { message };
  } catch (err) {
    if (err instanceof AuthorizationError) return { error: err.message };
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Makes a named hook fail, hang or run slowly the next time it is created. */
export async function addScenarioAction(_prev: SandboxState, form: FormData): Promise<SandboxState> {
  const parsed = scenarioInputSchema.safeParse({
    kind: form.get("kind"),
    name: optional(form, "name"),
    namespace: optional(form, "namespace"),
    action: form.get("action"),
    duration: optional(form, "duration"),
    logs: optional(form, "logs"),
  });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  return guarded(() => authorize("sandbox"), "sandbox-scenario", async () => {
    await addScenario(parsed.data);
    return `${parsed.data.kind}/${parsed.data.name} will ${parsed.data.action} the next time it is created`;
  });
}

export async function removeScenarioAction(id: string): Promise<SandboxState> {
  const parsed = z.string().min(1).max(100).safeParse(id);
  if (!parsed.success) return { error: "invalid scenario" };
  return guarded(() => authorize("sandbox"), "sandbox-scenario-remove", async () => {
    await removeScenario(parsed.data);
    return "scenario removed";
  });
}

export async function resetSandboxAction(): Promise<SandboxState> {
  return guarded(() => authorize("sandbox"), "sandbox-reset", async () => {
    await resetSandbox();
    return "the sandbox cluster was emptied";
  });
}
