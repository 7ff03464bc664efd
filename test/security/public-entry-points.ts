/**
 * The server actions and route handlers that deliberately answer without a role check, with the reason each is
 * public. test/security/entry-points.test.ts (source) and test/security/http/entry-points.test.ts (the built app
 * over HTTP) both read this list.
 */
export const PUBLIC: Record<string, string> = {
  "app/signin/actions.ts#signIn": "signing in is what a caller without a session does; it is throttled and audited",
  "app/signin/actions.ts#signOut": "ends the caller's own session only",
  "app/setup/actions.ts#createAdmin": "first-run setup; createFirstAdmin refuses once any account exists, in one transaction",
  "app/api/health/route.ts#GET": "health checks must answer without a session (load balancers, npm start)",
  "app/api/auth/oidc/login/route.ts#GET": "starts single sign-on for a caller without a session; it only redirects to the configured provider",
  "app/api/auth/oidc/callback/route.ts#GET": "finishes single sign-on: checks state, PKCE, nonce and the ID token before any session exists; every outcome is audited",
};
