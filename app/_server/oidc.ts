/**
 * Server glue for single sign-on shared by the two OIDC route handlers: where the provider sends the browser back,
 * how a refused sign-in ends (audited, then the sign-in page with a short reason), and the sign-in page's view of
 * the configuration.
 */
import { NextResponse, type NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { oidcConfig, type OidcConfig } from "@/lib/auth/oidc/config";
import { db } from "@/lib/db/client";

export const CALLBACK_PATH = "/api/auth/oidc/callback";

/** The origin the browser used: the proxy's X-Forwarded-Host/-Proto when present, else the Host header. */
export function requestOrigin(request: NextRequest): string {
  const h = request.headers;
  const proto = h.get("x-forwarded-proto")?.split(",")[0].trim() || request.nextUrl.protocol.replace(/:$/, "");
  const host = h.get("x-forwarded-host")?.split(",")[0].trim() || h.get("host") || request.nextUrl.host;
  return `${proto}://${host}`;
}

export function redirectUriFor(config: OidcConfig, request: NextRequest): string {
  return config.redirectUrl?.href ?? `${requestOrigin(request)}${CALLBACK_PATH}`;
}

/** The reasons the sign-in page can show after a refused single sign-on (the query carries only the code). */
export const SSO_ERRORS = {
  "sso-unavailable": "The single sign-on provider could not be reached. Try again later.",
  "sso-failed": "Single sign-on failed. Start again from this page.",
  "sso-denied": "Your account at the single sign-on provider is not allowed to use Hookline.",
} as const;
export type SsoError = keyof typeof SSO_ERRORS;

export async function refuseSignIn(request: NextRequest, error: SsoError, actorName: string, why: string, extra: Record<string, unknown> = {}): Promise<NextResponse> {
  await recordAudit(db(), { actor: { id: null, name: actorName.slice(0, 64) || "anonymous" }, action: "sign-in", result: "denied", details: { method: "oidc", why, ...extra } });
  return NextResponse.redirect(new URL(`/signin?error=${error}`, requestOrigin(request)), 303);
}

/** What the sign-in page needs to know: whether to offer SSO, and whether to hide the local form. */
export function signInOptions(): { sso: boolean; localForm: boolean } {
  const config = oidcConfig();
  return { sso: config !== null, localForm: !config?.only };
}
