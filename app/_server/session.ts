/**
 * The signed-in user of the current request, for server components, server actions and route handlers.
 * Everything that reads or changes data calls `authorize(action, target)`: it checks the session in the database, the
 * user's role and (for operators acting on a release) their grants on the server, records refusals in the audit
 * trail, and never trusts anything the browser says.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/record";
import { grantAllows, grantsOf, needsGrant } from "@/lib/auth/grants";
import { can, type Action } from "@/lib/auth/roles";
import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session-cookie";
import { sessionUser, type SessionUser } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { resolveContext } from "./clusters";

export async function currentUser(): Promise<SessionUser | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return sessionUser(db(), token);
}

export class AuthorizationError extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403,
  ) {
    super(message);
    this.name = "AuthorizationError";
  }
}

/** What an action is done to: a release (or a namespace) in a kubeconfig context; the default context when absent. */
export interface AuthorizationTarget {
  context?: string;
  namespace?: string;
  releaseName?: string;
}

/** The context a target resolves to, as the operation would: the requested one if it exists, else the default. */
function targetContext(target: AuthorizationTarget): string {
  return resolveContext(target.context)?.name ?? target.context ?? "";
}

/**
 * Whether `user` may do `action` to `target`: the role allows it and, for an operator's release actions on a target
 * that names a namespace, one of the user's grants covers its (context, namespace). No audit: for pages deciding
 * what to offer; the server action checks again with `authorize`.
 */
export async function permitted(user: SessionUser, action: Action, target: AuthorizationTarget = {}): Promise<boolean> {
  if (!can(user.role, action)) return false;
  if (target.namespace === undefined || !needsGrant(user.role, action)) return true;
  return grantAllows(user.role, action, await grantsOf(db(), user.id), { context: targetContext(target), namespace: target.namespace });
}

/**
 * The user, if signed in and allowed to do `action` (to `target`, where a grant is needed); otherwise an
 * AuthorizationError and an audit entry for the refusal with its reason.
 */
export async function authorize(action: Action, target: AuthorizationTarget = {}): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    if (action !== "read") {
      await recordAudit(db(), { actor: { id: null, name: "anonymous" }, action, result: "denied", ...target, details: { why: "no session" } });
    }
    throw new AuthorizationError("Sign in first.", 401);
  }
  if (!can(user.role, action)) {
    await recordAudit(db(), { actor: { id: user.id, name: user.username }, action, result: "denied", ...target, details: { why: `role ${user.role}` } });
    throw new AuthorizationError(`Your role (${user.role}) may not ${action}.`, 403);
  }
  if (target.namespace !== undefined && needsGrant(user.role, action)) {
    const where = { context: targetContext(target), namespace: target.namespace };
    if (!grantAllows(user.role, action, await grantsOf(db(), user.id), where)) {
      await recordAudit(db(), {
        actor: { id: user.id, name: user.username },
        action,
        result: "denied",
        ...target,
        context: where.context,
        details: { why: `no grant for context/namespace ${where.context}/${where.namespace}` },
      });
      throw new AuthorizationError(`You have no grant for namespace ${where.namespace} in context ${where.context}.`, 403);
    }
  }
  return user;
}

/** For pages: the user, or a redirect to the sign-in page. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
}

/** Whether the request reached us over TLS (directly or through a proxy that says so), for the cookie's Secure flag. */
export async function isSecureRequest(): Promise<boolean> {
  if (process.env.HOOKLINE_SECURE_COOKIES === "1") return true;
  const h = await headers();
  return h.get("x-forwarded-proto")?.split(",")[0].trim() === "https";
}

export async function setSessionCookie(token: string, expires: Date) {
  (await cookies()).set(SESSION_COOKIE, token, sessionCookieOptions(await isSecureRequest(), expires));
}

export async function clearSessionCookie() {
  (await cookies()).delete(SESSION_COOKIE);
}

export async function clientAddress(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0].trim() || h.get("x-real-ip") || "local";
}
