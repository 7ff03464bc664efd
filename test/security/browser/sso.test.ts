/**
 * Single sign-on and Kubernetes impersonation end to end: the built app started as `npm start` starts it, with
 * HOOKLINE_OIDC_* pointing at a real OpenID provider (oidc-provider) in this test and HOOKLINE_KUBE_IMPERSONATE=1.
 * Sign-ins go through headless Chromium and through hand-followed HTTP redirects with cookie jars; the sandbox
 * cluster's audit log shows who an upgrade acted as. (Runs in the browser stage: it needs `next build`.)
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePending, encodePending, PENDING_COOKIE } from "@/lib/auth/oidc/pending-cookie";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import type { AuditEntry as SandboxAuditEntry } from "@/lib/sandbox";
import { freePort, startApp, type RunningApp } from "@/test/helpers/app-server";
import { helmBinary } from "@/test/helpers/binaries";
import { launchBrowser, screenshot } from "@/test/helpers/browser";
import { browse, CookieJar, followUntil } from "@/test/helpers/http-flow";
import { startTestProvider, type TestProvider } from "@/test/helpers/oidc-provider";
import { signIn } from "@/test/helpers/signin";
import { createDb } from "@/lib/db/client";
import { databaseConfig } from "@/lib/db/config";

async function grantNamespace(app: RunningApp, username: string, namespace: string): Promise<void> {
  const db = createDb(databaseConfig({ HOOKLINE_DATA_DIR: app.dataDir }));
  try {
    const user = await db.user.findUniqueOrThrow({ where: { username } });
    await db.userGrant.create({ data: { userId: user.id, context: "*", namespace } });
  } finally {
    await db.$disconnect();
  }
}

const LOCAL_ADMIN = { username: "admin", password: "local admin password" };
const ACCOUNTS = [
  { sub: "u-ada", preferred_username: "ada", email: "ada@example.com", name: "Ada Admin", groups: ["hookline-admins"] },
  { sub: "u-alice", preferred_username: "alice", email: "alice@example.com", name: "Alice", groups: ["platform-operators"] },
  { sub: "u-vic", preferred_username: "vic", email: "vic@example.com", name: "Vic Viewer" },
];

interface AuditExport {
  entries: Array<{ actorId: string | null; actorName: string; action: string; result: string; details: Record<string, unknown> }>;
}

describe("single sign-on and impersonation in the built app", () => {
  let op: TestProvider;
  let app: RunningApp;
  let browser: Browser;
  let callbackUrl: string;

  beforeAll(async () => {
    // The app needs the issuer at start and the provider needs the app's callback: reserve the provider's port first.
    const opPort = await freePort();
    app = await startApp({
      HOOKLINE_ADMIN_PASSWORD: LOCAL_ADMIN.password,
      HOOKLINE_OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
      HOOKLINE_OIDC_CLIENT_ID: "hookline-test",
      HOOKLINE_OIDC_CLIENT_SECRET: "test-client-secret-that-is-long-enough-for-hs256",
      HOOKLINE_OIDC_ADMIN_GROUPS: "hookline-admins",
      HOOKLINE_OIDC_OPERATOR_GROUPS: "platform-operators",
      HOOKLINE_KUBE_IMPERSONATE: "1",
    });
    callbackUrl = `${app.url}/api/auth/oidc/callback`;
    op = await startTestProvider({ redirectUris: [callbackUrl], accounts: ACCOUNTS, port: opPort });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await op?.stop();
  });

  /** An HTTP "browser" that starts SSO at the app and stops where the provider sends it back to the callback. */
  async function toCallback(jar: CookieJar, sub: string): Promise<URL> {
    op.signInAs(sub);
    return followUntil(jar, `${app.url}/api/auth/oidc/login`, (u) => u.href.startsWith(callbackUrl));
  }

  async function exportAudit(jar: CookieJar): Promise<AuditExport> {
    const res = await browse(jar, `${app.url}/api/audit/export`);
    expect(res.status).toBe(200);
    return (await res.json()) as AuditExport;
  }

  it("offers SSO beside the local form, and an admin-group member lands signed in as admin", async () => {
    expect(app.output()).toContain(`single sign-on with http://127.0.0.1:`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/signin`);
    await page.getByLabel("Username").waitFor();
    op.signInAs("u-ada");
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
    expect(await page.locator("header").innerText()).toContain("Ada Admin (admin)");
    const cookies = await context.cookies(app.url);
    expect(cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    expect(cookies.find((c) => c.name === PENDING_COOKIE)).toBeUndefined();
    await screenshot(page, "sso-signed-in");

    // Local accounts keep working beside SSO.
    const local = await browser.newPage();
    await signIn(local, app.url, LOCAL_ADMIN);
    expect(await local.locator("header").innerText()).toContain("(admin)");
    await context.close();
    await local.close();
  });

  it("makes a member of no group a viewer, and signing in again reuses the same local user", async () => {
    const viewer = new CookieJar();
    const callback = await toCallback(viewer, "u-vic");
    const done = await browse(viewer, callback);
    expect(done.status).toBe(303);
    expect(new URL(done.headers.get("location")!).pathname).toBe("/");
    expect(viewer.get(SESSION_COOKIE)).toBeDefined();
    // A viewer may read, but not export the audit trail (admins only).
    expect((await browse(viewer, `${app.url}/`)).status).toBe(200);
    expect((await browse(viewer, `${app.url}/api/audit/export`)).status).toBe(403);

    const admin = new CookieJar();
    await browse(admin, await toCallback(admin, "u-ada"));
    const audit = await exportAudit(admin);
    const adaSignIns = audit.entries.filter((e) => e.action === "sign-in" && e.result === "succeeded" && e.actorName === "ada");
    expect(adaSignIns).toHaveLength(2);
    expect(adaSignIns[0].actorId).toBe(adaSignIns[1].actorId);
    expect(adaSignIns.map((e) => e.details)).toEqual([
      expect.objectContaining({ method: "oidc", subject: "u-ada", role: "admin", createdUser: true }),
      expect.objectContaining({ method: "oidc", subject: "u-ada", role: "admin", createdUser: false }),
    ]);
    expect(audit.entries.find((e) => e.actorName === "vic" && e.action === "sign-in")?.details).toMatchObject({ role: "viewer", groups: [] });
  });

  it("refuses a tampered state, a forged PKCE verifier and a callback without a sign-in in progress, and audits each", async () => {
    const refused = async (jar: CookieJar, url: URL) => {
      const res = await browse(jar, url);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/\/signin\?error=sso-failed$/);
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    };

    const tamperedState = new CookieJar();
    const first = await toCallback(tamperedState, "u-ada");
    first.searchParams.set("state", `${first.searchParams.get("state")}x`);
    await refused(tamperedState, first);

    const forgedVerifier = new CookieJar();
    const second = await toCallback(forgedVerifier, "u-ada");
    const pending = decodePending(forgedVerifier.get(PENDING_COOKIE))!;
    forgedVerifier.set(PENDING_COOKIE, encodePending({ ...pending, codeVerifier: "B".repeat(64) }));
    await refused(forgedVerifier, second);

    const noPending = new CookieJar();
    const third = await toCallback(noPending, "u-ada");
    noPending.delete(PENDING_COOKIE);
    await refused(noPending, third);

    // The sign-in page explains the refusal.
    const page = await (await fetch(`${app.url}/signin?error=sso-failed`)).text();
    expect(page).toContain("Single sign-on failed.");

    const admin = new CookieJar();
    await browse(admin, await toCallback(admin, "u-ada"));
    const denied = (await exportAudit(admin)).entries.filter((e) => e.action === "sign-in" && e.result === "denied").map((e) => String(e.details.why));
    expect(denied).toEqual([
      expect.stringMatching(/unexpected "state" response parameter value/),
      expect.stringMatching(/invalid_grant/),
      "no sign-in in progress (missing or invalid state cookie)",
    ]);
  });

  it("runs an upgrade started by operator alice on the cluster as alice (impersonation), with helm-readable records", async () => {
    const health = (await (await fetch(`${app.url}/api/health`)).json()) as { cluster: { server: string } };
    const sandbox = health.cluster.server;
    const since = ((await (await fetch(`${sandbox}/sandbox/v1/audit`)).json()) as { lastSeq: number }).lastSeq;

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    op.signInAs("u-alice");
    await page.goto(`${app.url}/signin`);
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
    expect(await page.locator("header").innerText()).toContain("Alice (operator)");
    // A user that single sign-on created has no grants: an admin grants alice namespace default before she upgrades there.
    await grantNamespace(app, "alice", "default");
    await page.goto(`${app.url}/releases/default/demo?context=hookline-sandbox`);
    await page.getByRole("button", { name: "Upgrade", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason (kept in the audit trail)").fill("impersonation check");
    await dialog.getByRole("button", { name: /^Upgrade demo/ }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    await page.getByRole("region", { name: "Timeline" }).getByText("succeeded", { exact: true }).first().waitFor({ timeout: 60_000 });
    await context.close();

    const audit = (await (await fetch(`${sandbox}/sandbox/v1/audit?since=${since}&clientsOnly=true`)).json()) as { items: SandboxAuditEntry[] };
    expect(audit.items.length).toBeGreaterThan(0);
    // Every write of the upgrade (hooks, resources, release records) was made as alice, with her role and groups.
    for (const entry of audit.items) {
      expect(entry.impersonatedUser, `${entry.verb} ${entry.kind}/${entry.name}`).toEqual({
        username: "alice",
        groups: ["hookline:operator", "platform-operators", "system:authenticated"],
      });
    }
    expect(audit.items.map((e) => `${e.verb} ${e.kind}`)).toEqual(expect.arrayContaining(["create Secret", "update Secret"]));

    const { stdout } = await promisify(execFile)(await helmBinary(), ["history", "demo", "-n", "default", "-o", "json"], {
      env: { ...process.env, KUBECONFIG: path.join(app.dataDir, "sandbox", "kubeconfig"), HELM_CACHE_HOME: path.join(app.dataDir, "helm-cache"), HELM_CONFIG_HOME: path.join(app.dataDir, "helm-config") },
    });
    expect((JSON.parse(stdout) as Array<{ revision: number; status: string }>).map((r) => `${r.revision} ${r.status}`)).toEqual(["1 superseded", "2 deployed"]);
  });
});
