/**
 * GET /api/auth/oidc/login?next=/path — starts single sign-on: remembers state, nonce and the PKCE verifier in a
 * short-lived httpOnly cookie and sends the browser to the provider's authorization endpoint.
 */
import { NextResponse, type NextRequest } from "next/server";
import { oidcConfig } from "@/lib/auth/oidc/config";
import { encodePending, PENDING_COOKIE, pendingCookieOptions } from "@/lib/auth/oidc/pending-cookie";
import { beginSignIn, describeSignInError } from "@/lib/auth/oidc/relying-party";
import { safeNextPath } from "@/lib/auth/session-cookie";
import { isSecureRequest } from "../../../../_server/session";
import { redirectUriFor, refuseSignIn } from "../../../../_server/oidc";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest): Promise<Response> {
  const config = oidcConfig();
  if (!config) return NextResponse.json({ error: "single sign-on is not configured" }, { status: 404 });
  const next = safeNextPath(request.nextUrl.searchParams.get("next"));
  let started;
  try {
    started = await beginSignIn(config, redirectUriFor(config, request), next);
  } catch (error) {
    return refuseSignIn(request, "sso-unavailable", "anonymous", `provider unavailable: ${describeSignInError(error)}`);
  }
  const response = NextResponse.redirect(started.url, 303);
  response.cookies.set(PENDING_COOKIE, encodePending(started.pending), pendingCookieOptions(await isSecureRequest()));
  return response;
}
