/**
 * GET /api/auth/oidc/callback — where the provider sends the browser back. Checks the answer against the pending
 * sign-in (state, PKCE, nonce, ID token), maps the groups claim to a role, finds or creates the linked local user,
 * and starts an ordinary Hookline session (the same cookie as a local sign-in). Every outcome is audited.
 */
import { NextResponse, type NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { decideRole, oidcConfig } from "@/lib/auth/oidc/config";
import { signInLinkedUser } from "@/lib/auth/oidc/linked-users";
import { decodePending, PENDING_COOKIE, PENDING_COOKIE_PATH } from "@/lib/auth/oidc/pending-cookie";
import { describeSignInError, finishSignIn } from "@/lib/auth/oidc/relying-party";
import { safeNextPath, SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session-cookie";
import { createSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { isSecureRequest } from "../../../../_server/session";
import { refuseSignIn, requestOrigin } from "../../../../_server/oidc";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest): Promise<Response> {
  const config = oidcConfig();
  if (!config) return NextResponse.json({ error: "single sign-on is not configured" }, { status: 404 });
  const pending = decodePending(request.cookies.get(PENDING_COOKIE)?.value);
  const forget = (response: NextResponse) => {
    response.cookies.set(PENDING_COOKIE, "", { path: PENDING_COOKIE_PATH, maxAge: 0, httpOnly: true, sameSite: "lax" });
    return response;
  };
  if (!pending) return forget(await refuseSignIn(request, "sso-failed", "anonymous", "no sign-in in progress (missing or invalid state cookie)"));

  let identity;
  try {
    identity = await finishSignIn(config, pending, request.nextUrl.searchParams);
  } catch (error) {
    return forget(await refuseSignIn(request, "sso-failed", "anonymous", describeSignInError(error)));
  }
  const who = [identity.claims.preferred_username, identity.claims.email].find((v): v is string => typeof v === "string" && v !== "") ?? `sso:${identity.subject}`;
  const subjectDetails = { issuer: identity.issuer, subject: identity.subject };
  const decision = decideRole(config, identity.claims);
  if (!decision.ok) return forget(await refuseSignIn(request, "sso-denied", who, decision.why, subjectDetails));
  const linked = await signInLinkedUser(db(), { ...identity, role: decision.role, groups: decision.groups });
  if (!linked.ok) return forget(await refuseSignIn(request, "sso-denied", linked.username ?? who, linked.why, subjectDetails));

  const { token, expiresAt } = await createSession(db(), linked.userId);
  await recordAudit(db(), {
    actor: { id: linked.userId, name: linked.username },
    action: "sign-in",
    result: "succeeded",
    details: { method: "oidc", ...subjectDetails, role: decision.role, groups: decision.groups, createdUser: linked.created },
  });
  const response = NextResponse.redirect(new URL(safeNextPath(pending.next), requestOrigin(request)), 303);
  response.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(await isSecureRequest(), expiresAt));
  return forget(response);
}
