/** The session cookie's name and attributes, shared by the proxy (which must not import the database) and the server. */
export const SESSION_COOKIE = "hookline_session";

export function sessionCookieOptions(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires };
}

/** Only relative paths inside the app are valid redirect targets after sign-in (no open redirects). */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return "/";
  return next;
}
