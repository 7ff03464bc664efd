/**
 * An optimistic gate in front of every request: without a session cookie only the sign-in and first-run setup
 * pages, the single sign-on routes, the health endpoint, static assets and server actions (which refuse and audit
 * themselves) answer. Pages redirect to /signin; API routes answer 401. The real check (is the session valid, may
 * this user do this) happens on the server in every page, action and route handler.
 */
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";

const PUBLIC_PATHS = ["/signin", "/setup", "/api/health", "/api/auth/oidc"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  if (request.cookies.get(SESSION_COOKIE)?.value) return NextResponse.next();
  // A server action checks the caller itself (authorize) and audits the refusal, so a call without a session goes
  // through to be refused there and recorded; a session cookie that names no session gets the same answer.
  if (request.method === "POST" && request.headers.has("next-action")) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "sign-in required" }, { status: 401 });
  }
  const target = new URL("/signin", request.url);
  if (pathname !== "/") target.searchParams.set("next", pathname + search);
  return NextResponse.redirect(target);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
