/**
 * The short-lived cookie that carries a sign-in in progress from the login route to the callback: the state,
 * nonce and PKCE verifier the callback must check. httpOnly, SameSite=Lax (the provider's redirect back is a
 * top-level GET, which Lax lets through), limited to the OIDC routes and to ten minutes; read back through a schema.
 */
import { z } from "zod";
import type { PendingSignIn } from "./relying-party";

export const PENDING_COOKIE = "hookline_oidc";
export const PENDING_COOKIE_PATH = "/api/auth/oidc";
export const PENDING_TTL_SECONDS = 600;

const pendingSchema = z.object({
  state: z.string().min(16).max(512),
  nonce: z.string().min(16).max(512),
  codeVerifier: z.string().min(43).max(128),
  redirectUri: z.string().url().max(2048),
  next: z.string().max(2048),
});

export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString("base64url");
}

/** The pending sign-in, or null when the cookie is missing or not one this app wrote. */
export function decodePending(value: string | undefined): PendingSignIn | null {
  if (!value) return null;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function pendingCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: PENDING_COOKIE_PATH, maxAge: PENDING_TTL_SECONDS };
}
