/**
 * Hookline as an OpenID Connect relying party (openid-client): the authorization code flow with PKCE (S256), state
 * and nonce. `beginSignIn` makes the provider's authorization URL and the secrets the callback must check;
 * `finishSignIn` exchanges the code (checking state, PKCE and the ID token's signature, issuer, audience and nonce)
 * and returns the identity's claims, with the userinfo endpoint's added when the ID token lacks the groups claim.
 */
import * as oidc from "openid-client";
import type { OidcConfig } from "./config";

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** Where to go in Hookline afterwards (a relative path). */
  next: string;
}

export interface SignedInIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

const discovered = new Map<string, Promise<oidc.Configuration>>();

function providerConfiguration(config: OidcConfig): Promise<oidc.Configuration> {
  const key = `${config.issuer.href}\u0000${config.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    const auth = config.clientSecret ? oidc.ClientSecretBasic(config.clientSecret) : oidc.None();
    pending = oidc.discovery(config.issuer, config.clientId, undefined, auth, {
      execute: config.allowInsecureIssuer ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
    // A provider that was down must not stay "down" for the life of the process.
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending;
}

export async function beginSignIn(config: OidcConfig, redirectUri: string, next: string): Promise<{ url: URL; pending: PendingSignIn }> {
  const provider = await providerConfiguration(config);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, redirectUri, next };
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri,
    scope: config.scopes.join(" "),
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

/** `callbackQuery` is the query string the provider redirected the browser back with. */
export async function finishSignIn(config: OidcConfig, pending: PendingSignIn, callbackQuery: URLSearchParams): Promise<SignedInIdentity> {
  const provider = await providerConfiguration(config);
  // The redirect URI the token request repeats is the one the authorization request used, whatever host or proxy
  // the callback came through.
  const current = new URL(pending.redirectUri);
  for (const [k, v] of callbackQuery) current.searchParams.append(k, v);
  const tokens = await oidc.authorizationCodeGrant(provider, current, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error("the provider returned no ID token");
  let claims: Record<string, unknown> = { ...idClaims };
  if (!(config.groupsClaim in claims) && provider.serverMetadata().userinfo_endpoint) {
    const info = await oidc.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
    claims = { ...info, ...claims };
  }
  return { issuer: idClaims.iss, subject: idClaims.sub, claims };
}

/** A short, log-safe reason for a failed callback (openid-client's errors carry an OAuth error code when there is one). */
export function describeSignInError(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError) return `provider refused: ${error.error}${error.error_description ? ` (${error.error_description})` : ""}`;
  if (error instanceof oidc.ResponseBodyError) return `token endpoint refused: ${error.error}${error.error_description ? ` (${error.error_description})` : ""}`;
  if (error instanceof Error) {
    // openid-client's "invalid response encountered" says what was wrong in its cause.
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.message}${cause}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}
