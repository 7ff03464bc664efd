/**
 * Single sign-on below the web layer: the settings' validation, the groups-to-role mapping, the relying party
 * against a real OpenID provider over HTTP (PKCE, state and nonce checked; tampering refused), and the linked local
 * users on a real database. The app's routes and session are covered end to end in test/security/browser/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/accounts";
import { decideRole, parseOidcConfig, type OidcConfig } from "@/lib/auth/oidc/config";
import { linkedGroups, signInLinkedUser } from "@/lib/auth/oidc/linked-users";
import { decodePending, encodePending } from "@/lib/auth/oidc/pending-cookie";
import { beginSignIn, describeSignInError, finishSignIn, type PendingSignIn } from "@/lib/auth/oidc/relying-party";
import type { Db } from "@/lib/db/client";
import { createTestSqlite } from "@/test/helpers/database";
import { CookieJar, followUntil } from "@/test/helpers/http-flow";
import { startTestProvider, type TestProvider } from "@/test/helpers/oidc-provider";

const BASE = { HOOKLINE_OIDC_ISSUER: "https://id.example.com", HOOKLINE_OIDC_CLIENT_ID: "hookline" };

describe("OIDC settings", () => {
  it("are off without an issuer, and default the scopes, claim and role mapping", () => {
    expect(parseOidcConfig({})).toBeNull();
    const config = parseOidcConfig({ ...BASE, HOOKLINE_OIDC_ADMIN_GROUPS: " ops , sre ", HOOKLINE_OIDC_OPERATOR_GROUPS: "dev" })!;
    expect(config.issuer.href).toBe("https://id.example.com/");
    expect(config.scopes).toEqual(["openid", "profile", "email", "groups"]);
    expect(config.groupsClaim).toBe("groups");
    expect([config.adminGroups, config.operatorGroups, config.allowedGroups]).toEqual([["ops", "sre"], ["dev"], []]);
    expect([config.clientSecret, config.redirectUrl, config.only, config.allowInsecureIssuer]).toEqual([undefined, undefined, false, false]);
  });

  it("refuse incomplete or unsafe settings with an error naming the variable", () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ HOOKLINE_OIDC_CLIENT_ID: "x" }, /HOOKLINE_OIDC_CLIENT_ID is set but HOOKLINE_OIDC_ISSUER is not/],
      [{ HOOKLINE_OIDC_ISSUER: "https://id.example.com" }, /HOOKLINE_OIDC_CLIENT_ID is required/],
      [{ ...BASE, HOOKLINE_OIDC_ISSUER: "http://id.example.com" }, /must be an https:\/\/ URL/],
      [{ ...BASE, HOOKLINE_OIDC_ISSUER: "not a url" }, /HOOKLINE_OIDC_ISSUER must be an absolute URL/],
      [{ ...BASE, HOOKLINE_OIDC_SCOPES: "profile email" }, /HOOKLINE_OIDC_SCOPES must include openid/],
      [{ ...BASE, HOOKLINE_OIDC_ONLY: "1" }, /HOOKLINE_OIDC_ONLY=1 needs HOOKLINE_OIDC_ADMIN_GROUPS/],
      [{ ...BASE, HOOKLINE_OIDC_ONLY: "yes" }, /HOOKLINE_OIDC_ONLY must be 1 or 0/],
      [{ ...BASE, HOOKLINE_OIDC_REDIRECT_URL: "ftp://x/cb" }, /HOOKLINE_OIDC_REDIRECT_URL must be an http\(s\) URL/],
    ];
    for (const [env, message] of bad) expect(() => parseOidcConfig(env), JSON.stringify(env)).toThrow(message);
    expect(parseOidcConfig({ ...BASE, HOOKLINE_OIDC_ISSUER: "http://127.0.0.1:9000" })!.allowInsecureIssuer).toBe(true);
  });
});

describe("groups claim to role", () => {
  const mapping = { groupsClaim: "groups", adminGroups: ["ops"], operatorGroups: ["dev"], allowedGroups: [] as string[] };
  it("gives admin before operator, viewer to everyone else; a single string counts as one group", () => {
    expect(decideRole(mapping, { groups: ["dev", "ops"] })).toEqual({ ok: true, role: "admin", groups: ["dev", "ops"] });
    expect(decideRole(mapping, { groups: "dev" })).toEqual({ ok: true, role: "operator", groups: ["dev"] });
    expect(decideRole(mapping, { groups: [] })).toEqual({ ok: true, role: "viewer", groups: [] });
    expect(decideRole(mapping, {})).toEqual({ ok: true, role: "viewer", groups: [] });
    expect(decideRole({ ...mapping, groupsClaim: "roles" }, { roles: ["ops"], groups: ["dev"] })).toMatchObject({ role: "admin" });
  });
  it("with an allow-list, refuses identities in none of its groups (admin and operator groups are always allowed)", () => {
    const listed = { ...mapping, allowedGroups: ["staff"] };
    expect(decideRole(listed, { groups: ["staff"] })).toMatchObject({ ok: true, role: "viewer" });
    expect(decideRole(listed, { groups: ["dev"] })).toMatchObject({ ok: true, role: "operator" });
    expect(decideRole(listed, { groups: ["guests"] })).toEqual({ ok: false, why: "not in an allowed group (groups: guests)" });
  });
});

describe("the relying party against a real OpenID provider", () => {
  const REDIRECT = "http://127.0.0.1:9/api/auth/oidc/callback";
  let op: TestProvider;
  let config: OidcConfig;
  beforeAll(async () => {
    op = await startTestProvider({
      redirectUris: [REDIRECT],
      accounts: [{ sub: "u-alice", preferred_username: "alice", email: "alice@example.com", groups: ["hookline-admins", "platform"] }],
    });
    config = parseOidcConfig({ HOOKLINE_OIDC_ISSUER: op.issuer, HOOKLINE_OIDC_CLIENT_ID: op.clientId, HOOKLINE_OIDC_CLIENT_SECRET: op.clientSecret, HOOKLINE_OIDC_ADMIN_GROUPS: "hookline-admins" })!;
  });
  afterAll(async () => op?.stop());

  /** Starts a sign-in and lets the provider sign alice in; returns the callback's query and the pending sign-in. */
  async function authorize(): Promise<{ pending: PendingSignIn; query: URLSearchParams; url: URL }> {
    const { url, pending } = await beginSignIn(config, REDIRECT, "/releases");
    const callback = await followUntil(new CookieJar(), url, (u) => u.href.startsWith(REDIRECT));
    return { pending, query: callback.searchParams, url };
  }

  it("asks for a code with an S256 PKCE challenge, state and nonce, and returns the verified identity with its groups", async () => {
    const { pending, query, url } = await authorize();
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("code_challenge")).not.toBe(pending.codeVerifier);
    expect(url.searchParams.get("state")).toBe(pending.state);
    expect(url.searchParams.get("nonce")).toBe(pending.nonce);
    expect(query.get("state")).toBe(pending.state);
    const identity = await finishSignIn(config, pending, query);
    expect(identity).toMatchObject({ issuer: op.issuer, subject: "u-alice" });
    expect(identity.claims).toMatchObject({ preferred_username: "alice", email: "alice@example.com", groups: ["hookline-admins", "platform"] });
    // A code is good once.
    await expect(finishSignIn(config, pending, query)).rejects.toThrow();
  });

  it("refuses a callback whose state was tampered with, and one sent with another PKCE verifier", async () => {
    const first = await authorize();
    const tampered = new URLSearchParams(first.query);
    tampered.set("state", `${first.pending.state}x`);
    const stateError = await finishSignIn(config, first.pending, tampered).catch((e: unknown) => e);
    expect(describeSignInError(stateError)).toMatch(/unexpected "state" response parameter value/);

    const second = await authorize();
    const otherVerifier = { ...second.pending, codeVerifier: "A".repeat(64) };
    const pkceError = await finishSignIn(config, otherVerifier, second.query).catch((e: unknown) => e);
    expect(describeSignInError(pkceError)).toBe("token endpoint refused: invalid_grant (grant request is invalid)");
    // With the right verifier the same code goes through: the refusal above was the verifier's alone.
    await expect(finishSignIn(config, second.pending, second.query)).resolves.toMatchObject({ subject: "u-alice" });
  });

  it("keeps the pending sign-in in a cookie that reads back only when it is well formed", async () => {
    const { pending } = await beginSignIn(config, REDIRECT, "/");
    expect(decodePending(encodePending(pending))).toEqual(pending);
    expect(decodePending(undefined)).toBeNull();
    expect(decodePending("not-base64-json")).toBeNull();
    expect(decodePending(Buffer.from(JSON.stringify({ ...pending, codeVerifier: "short" })).toString("base64url"))).toBeNull();
  });
});

describe("linked users on a real database", () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await createTestSqlite());
  });
  afterAll(async () => cleanup());

  const identity = (sub: string, claims: Record<string, unknown>, role: "admin" | "operator" | "viewer", groups: string[]) => ({
    issuer: "https://id.example.com",
    subject: sub,
    claims,
    role,
    groups,
  });

  it("creates a password-less user at the first sign-in and finds the same one later, with the role and groups of the latest claims", async () => {
    const first = await signInLinkedUser(db, identity("s-1", { preferred_username: "dana", email: "dana@example.com", name: "Dana" }, "admin", ["ops"]));
    expect(first).toMatchObject({ ok: true, username: "dana", created: true });
    const again = await signInLinkedUser(db, identity("s-1", { preferred_username: "dana" }, "viewer", []));
    expect(again).toMatchObject({ ok: true, username: "dana", created: false });
    expect(again.ok && first.ok && again.userId === first.userId).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { username: "dana" } });
    expect([user.role, user.passwordHash, user.displayName]).toEqual(["viewer", null, "Dana"]);
    expect(await db.linkedIdentity.count()).toBe(1);
    expect(await linkedGroups(db, user.id)).toEqual([]);
  });

  it("links two simultaneous first sign-ins of one identity to one user", async () => {
    const results = await Promise.all([1, 2].map(() => signInLinkedUser(db, identity("s-3", { preferred_username: "fay" }, "operator", []))));
    const ids = results.map((r) => (r.ok ? r.userId : r.why));
    expect(ids[0]).toBe(ids[1]);
    expect(results.map((r) => r.ok && r.created).sort()).toEqual([false, true]);
    expect(await db.user.count({ where: { username: { startsWith: "fay" } } })).toBe(1);
  });

  it("never takes over a local account with the same name, and refuses a disabled linked user", async () => {
    await createUser(db, { username: "erin", password: "a local password", role: "admin" });
    const linked = await signInLinkedUser(db, identity("s-2", { preferred_username: "erin" }, "viewer", ["staff"]));
    expect(linked).toMatchObject({ ok: true, username: "erin-2", created: true });
    expect((await db.user.findUniqueOrThrow({ where: { username: "erin" } })).role).toBe("admin");
    if (!linked.ok) throw new Error("unreachable");
    expect(await linkedGroups(db, linked.userId)).toEqual(["staff"]);
    await db.user.update({ where: { id: linked.userId }, data: { disabled: true } });
    expect(await signInLinkedUser(db, identity("s-2", { preferred_username: "erin" }, "admin", ["ops"]))).toMatchObject({ ok: false, why: "user is disabled" });
    expect((await db.user.findUniqueOrThrow({ where: { id: linked.userId } })).role).toBe("viewer");
  });
});
