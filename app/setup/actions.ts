"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createFirstAdmin, newPasswordSchema, usernameSchema } from "@/lib/auth/accounts";
import { oidcConfig } from "@/lib/auth/oidc/config";
import { createSession } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { setSessionCookie } from "../_server/session";

export interface SetupState {
  error?: string;
}

const setupInput = z
  .object({ username: usernameSchema, password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

/** First-run setup: creates the admin account, but only while no account exists at all. */
export async function createAdmin(_prev: SetupState, form: FormData): Promise<SetupState> {
  const parsed = setupInput.safeParse({ username: form.get("username") ?? "", password: form.get("password") ?? "", confirm: form.get("confirm") ?? "" });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid input" };
  if (oidcConfig()?.only) {
    await recordAudit(db(), { actor: { id: null, name: parsed.data.username }, action: "setup", result: "denied", details: { why: "local accounts are off (HOOKLINE_OIDC_ONLY=1)" } });
    return { error: "Local accounts are turned off: sign in with SSO." };
  }
  const admin = await createFirstAdmin(db(), parsed.data.username, parsed.data.password);
  if (!admin) {
    await recordAudit(db(), { actor: { id: null, name: parsed.data.username }, action: "setup", result: "denied", details: { why: "accounts already exist" } });
    return { error: "Hookline is already set up. Sign in instead." };
  }
  await recordAudit(db(), { actor: { id: admin.id, name: admin.username }, action: "setup", result: "succeeded" });
  const { token, expiresAt } = await createSession(db(), admin.id);
  await setSessionCookie(token, expiresAt);
  redirect("/");
}
