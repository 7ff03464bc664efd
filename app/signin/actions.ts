"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/accounts";
import { oidcConfig } from "@/lib/auth/oidc/config";
import { safeNextPath } from "@/lib/auth/session-cookie";
import { createSession, endSession } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { cookies } from "next/headers";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { clearSessionCookie, clientAddress, setSessionCookie } from "../_server/session";

export interface SignInState {
  error?: string;
  username?: string;
}

const signInInput = z.object({ username: z.string().max(256), password: z.string().max(1024), next: z.string().max(2048).optional() });

export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInInput.safeParse({ username: form.get("username") ?? "", password: form.get("password") ?? "", next: form.get("next") ?? undefined });
  if (!parsed.success) return { error: "Enter a username and a password." };
  const { username, password, next } = parsed.data;
  if (oidcConfig()?.only) {
    await recordAudit(db(), { actor: { id: null, name: username.slice(0, 64) || "anonymous" }, action: "sign-in", result: "denied", details: { why: "local sign-in is off (HOOKLINE_OIDC_ONLY=1)" } });
    return { error: "Sign in with SSO: local accounts are turned off." };
  }
  const result = await checkCredentials(db(), username, password, await clientAddress());
  if (!result.ok) {
    await recordAudit(db(), { actor: { id: null, name: username.slice(0, 64) || "anonymous" }, action: "sign-in", result: "denied", details: { why: result.reason } });
    if (result.reason === "throttled") {
      return { username, error: `Too many failed attempts. Try again in ${Math.ceil(result.retryAfterMs / 1000)} seconds.` };
    }
    return { username, error: "Wrong username or password." };
  }
  const { token, expiresAt } = await createSession(db(), result.userId);
  await setSessionCookie(token, expiresAt);
  await recordAudit(db(), { actor: { id: result.userId, name: username }, action: "sign-in", result: "succeeded" });
  redirect(safeNextPath(next));
}

export async function signOut(): Promise<void> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (token) await endSession(db(), token);
  await clearSessionCookie();
  redirect("/signin");
}
