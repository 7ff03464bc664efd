/**
 * Authorization of the built app over real HTTP. Every server action, route handler and page comes from the build
 * output, so a new one is checked here (or this test fails until it is described): each action is called without a
 * session cookie, with one that names no session and as a viewer (the action's own check refuses each; the proxy lets
 * action calls through so that the refusal is audited), and must change nothing — database, cluster, sandbox
 * scenarios — and leave a "denied" audit entry. Operators are refused what only admins may do and can upgrade;
 * unmasking secrets needs the operator role and is audited without the secret; viewers see chart sources masked and
 * cannot save them. The operator is created by the admin through the users page's actions with a grant for namespace
 * `default` only: it upgrades there and is refused (audited) anywhere else.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/accounts";
import type { Action } from "@/lib/auth/roles";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { createDb, type Db } from "@/lib/db/client";
import { databaseConfig } from "@/lib/db/config";
import { maskedText } from "@/lib/mask/secrets";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser } from "@/test/helpers/browser";
import { signIn as signInPage } from "@/test/helpers/signin";
import { builtAppPaths, builtServerActions, callAction, type ActionAnswer, type BuiltAction } from "@/test/helpers/server-actions";
import { PUBLIC } from "../public-entry-points";

const PASSWORD = "correct horse battery";
const FORGED = `${SESSION_COOKIE}=not-a-session-token`;
const DEMO_PASSWORD = "demo-password-change-me";
const ROTATED_PASSWORD = "rotated-Secret-7f3a";

let app: RunningApp;
let db: Db;
let sandboxApi = "";
let actions: BuiltAction[] = [];
const cookies: Record<"admin" | "operator" | "viewer", string> = { admin: "", operator: "", viewer: "" };
/** Ids the dynamic routes are called with: placeholders until the real chart and operation exist. */
const fixture = { chartId: "00000000-0000-4000-8000-000000000000", operationId: "00000000-0000-4000-8000-000000000001", scenarioId: "", userId: "00000000-0000-4000-8000-000000000002", grantId: "00000000-0000-4000-8000-000000000003" };

const action = (key: string): BuiltAction => {
  const found = actions.find((a) => a.key === key);
  if (!found) throw new Error(`the build has no server action ${key}`);
  return found;
};

/** A page path of the build with its dynamic segments filled in with the fixtures. */
function concrete(route: string): string {
  return route
    .replace("[id]", route.startsWith("/charts") ? fixture.chartId : fixture.operationId)
    .replace("[namespace]", "default")
    .replace("[name]", "demo");
}

function form(fields: Record<string, string | File | string[] | File[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
}

function demoFiles(dir = path.join("charts", "demo"), prefix = "demo"): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? demoFiles(path.join(dir, e.name), `${prefix}/${e.name}`) : [{ path: `${prefix}/${e.name}`, bytes: readFileSync(path.join(dir, e.name)) }],
  );
}

/**
 * How to call each server action with arguments it would accept, and the permission it needs. Actions that need a
 * role change something; "read" ones only read. A build action missing here fails the test.
 */
const CASES: Record<string, Array<{ permission: Action; args: () => unknown[] }>> = {
  "app/charts/actions.ts#importArchive": [
    { permission: "install", args: () => [null, form({ archive: new File([new Uint8Array(execFileSync("tar", ["czf", "-", "-C", "charts", "demo"]))], "demo.tgz") })] },
  ],
  "app/charts/actions.ts#importFolder": [
    {
      permission: "install",
      args: () => {
        const files = demoFiles();
        return [null, form({ files: files.map((f) => new File([new Uint8Array(f.bytes)], path.basename(f.path))), paths: files.map((f) => f.path) })];
      },
    },
  ],
  "app/charts/actions.ts#importFromRelease": [{ permission: "install", args: () => [null, form({ namespace: "default", release: "demo" })] }],
  "app/charts/[id]/actions.ts#saveChartFiles": [{ permission: "install", args: () => [{ chartId: fixture.chartId, files: [{ path: "values.yaml", content: "replicas: 9\n" }], message: "edit" }] }],
  "app/charts/[id]/actions.ts#loadFileHistory": [{ permission: "read", args: () => [{ chartId: fixture.chartId, path: "values.yaml" }] }],
  "app/charts/[id]/actions.ts#previewDraftDiff": [
    { permission: "read", args: () => [{ namespace: "default", releaseName: "demo", files: demoFiles().map((f) => ({ path: f.path.replace(/^demo\//, ""), content: f.bytes.toString("utf8") })) }] },
  ],
  "app/charts/[id]/actions.ts#deployChart": [
    { permission: "upgrade", args: () => [{ chartId: fixture.chartId, kind: "upgrade", namespace: "default", releaseName: "demo" }] },
    { permission: "install", args: () => [{ chartId: fixture.chartId, kind: "install", namespace: "default", releaseName: "demo-two" }] },
  ],
  "app/operations/[id]/actions.ts#cancelOperationAction": [{ permission: "cancel", args: () => [fixture.operationId] }],
  "app/operations/[id]/actions.ts#hookStateAction": [
    { permission: "read", args: () => [{ operationId: fixture.operationId, event: "pre-upgrade", kind: "Job", name: "demo-db-backup", namespace: "default" }] },
  ],
  "app/releases/[namespace]/[name]/actions.ts#startReleaseOperation": (["upgrade", "rollback", "uninstall", "test"] as const).map((kind) => ({
    permission: kind,
    args: () => [{ kind, namespace: "default", releaseName: "demo", reason: "should be refused" }],
  })),
  "app/releases/[namespace]/[name]/actions.ts#previewUpgradeDiff": [{ permission: "read", args: () => [{ namespace: "default", releaseName: "demo", valuesYaml: "web:\n  replicas: 3\n" }] }],
  "app/releases/[namespace]/[name]/actions.ts#recoverStuckRelease": [{ permission: "recover", args: () => [{ namespace: "default", releaseName: "demo", reason: "should be refused" }] }],
  "app/releases/[namespace]/[name]/reveal-actions.ts#revealRevisionSecrets": [{ permission: "unmask-secrets", args: () => [{ namespace: "default", releaseName: "demo", revisions: [1, 2] }] }],
  "app/admin/users/actions.ts#createUserAction": [{ permission: "manage-users", args: () => [{}, form({ username: "mallory", role: "admin", password: PASSWORD, confirm: PASSWORD })] }],
  "app/admin/users/actions.ts#changeRoleAction": [{ permission: "manage-users", args: () => [{}, form({ userId: fixture.userId, role: "admin" })] }],
  "app/admin/users/actions.ts#setDisabledAction": [{ permission: "manage-users", args: () => [{}, form({ userId: fixture.userId, disabled: "true" })] }],
  "app/admin/users/actions.ts#resetPasswordAction": [{ permission: "manage-users", args: () => [{}, form({ userId: fixture.userId, password: "taken over 123", confirm: "taken over 123" })] }],
  "app/admin/users/actions.ts#addGrantAction": [{ permission: "manage-users", args: () => [{}, form({ userId: fixture.userId, context: "*", namespace: "*" })] }],
  "app/admin/users/actions.ts#removeGrantAction": [{ permission: "manage-users", args: () => [{}, form({ grantId: fixture.grantId })] }],
  "app/sandbox/actions.ts#addScenarioAction": [{ permission: "sandbox", args: () => [{}, form({ kind: "Job", name: "demo-backup", action: "fail" })] }],
  "app/sandbox/actions.ts#removeScenarioAction": [{ permission: "sandbox", args: () => [fixture.scenarioId] }],
  "app/sandbox/actions.ts#resetSandboxAction": [{ permission: "sandbox", args: () => [] }],
};

/**
 * Route handlers: the permission each exported method needs, or for public ones the status they answer to a caller
 * without a session in this app (single sign-on is not configured here, so its routes answer 404;
 * test/security/browser/sso.test.ts covers them configured).
 */
const ROUTES: Record<string, Action | { public: number }> = {
  "/api/health#GET": { public: 200 },
  "/api/auth/oidc/login#GET": { public: 404 },
  "/api/auth/oidc/callback#GET": { public: 404 },
  "/api/audit/export#GET": "manage-users",
  "/api/operations/[id]/events#GET": "read",
};

/** Everything a refused call could have changed, as one comparable string. */
async function state(): Promise<string> {
  const charts = await db.chart.findMany({ include: { files: true }, orderBy: { id: "asc" } });
  const operations = await db.operation.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } });
  const users = await db.user.findMany({
    select: { username: true, role: true, disabled: true, passwordHash: true, grants: { select: { context: true, namespace: true }, orderBy: { namespace: "asc" } } },
    orderBy: { username: "asc" },
  });
  const cluster: string[] = [];
  for (const [group, kind] of [["api/v1", "secrets"], ["api/v1", "configmaps"], ["api/v1", "services"], ["apis/apps/v1", "statefulsets"], ["apis/apps/v1", "deployments"], ["apis/batch/v1", "jobs"]]) {
    const list = (await (await fetch(`${sandboxApi}/${group}/${kind}`)).json()) as { items: Array<{ metadata: { namespace: string; name: string; uid: string; labels?: Record<string, string> } }> };
    for (const o of list.items) cluster.push(`${kind} ${o.metadata.namespace}/${o.metadata.name} ${o.metadata.uid} ${o.metadata.labels?.status ?? ""}`);
  }
  const scenarios = (await (await fetch(`${sandboxApi}/sandbox/v1/scenarios`)).json()) as unknown;
  return JSON.stringify({
    charts: charts.map((c) => ({ id: c.id, name: c.name, files: c.files.map((f) => `${f.path} ${createHash("sha256").update(f.content).digest("hex")}`) })),
    operations,
    users,
    cluster: cluster.sort(),
    scenarios,
  });
}

/**
 * A page answer that sends the browser to /signin: a 307 (from the proxy or the page), or — where a loading boundary
 * made Next.js start streaming before the page refused — a 200 whose document only carries Next's redirect to /signin.
 */
async function expectSignInRedirect(res: Response, label: string): Promise<void> {
  if (res.status === 200) {
    const html = await res.text();
    expect(html, label).toMatch(/<meta id="__next-page-redirect" http-equiv="refresh" content="\d;url=\/signin"\/>/);
    return;
  }
  await res.body?.cancel();
  expect(res.status, label).toBe(307);
  expect(new URL(res.headers.get("location")!, app.url).pathname, label).toBe("/signin");
}

async function deniedCount(actorName: string, permission: string): Promise<number> {
  return db.auditEntry.count({ where: { actorName, action: permission, result: "denied" } });
}

function errorOf(answer: ActionAnswer<unknown>): string {
  const result = answer.result as { error?: unknown } | undefined;
  return typeof result?.error === "string" ? result.error : "";
}

async function signIn(username: string, password = PASSWORD): Promise<ActionAnswer<{ error?: string }>> {
  return callAction(app.url, action("app/signin/actions.ts#signIn"), [{}, form({ username, password })], { page: "/signin" });
}

function cookieFrom(answer: ActionAnswer<unknown>): string {
  expect(answer.setCookie, "the answer sets the session cookie").toBeDefined();
  return answer.setCookie!.split(";")[0];
}

async function waitForOperation(id: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const op = await db.operation.findUniqueOrThrow({ where: { id } });
    if (!["pending", "running"].includes(op.status)) return op.status;
    if (Date.now() > deadline) throw new Error(`operation ${id} still ${op.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("authorization of the built app over HTTP", () => {
  beforeAll(async () => {
    app = await startApp();
    db = createDb(databaseConfig({ HOOKLINE_DATA_DIR: app.dataDir }));
    const kubeconfig = parse(readFileSync(path.join(app.dataDir, "sandbox", "kubeconfig"), "utf8")) as { clusters: Array<{ cluster: { server: string } }> };
    sandboxApi = kubeconfig.clusters[0].cluster.server.replace(/\/+$/, "");
    actions = builtServerActions();
  });

  afterAll(async () => {
    await db?.$disconnect();
    await app?.stop();
  });

  it("before the first account: /setup answers (/signin leads there), every other page redirects to /signin, only /api/health answers", async () => {
    const { pages, routes } = builtAppPaths();
    expect(pages).toEqual(expect.arrayContaining(["/", "/signin", "/setup", "/charts", "/releases/[namespace]/[name]"]));
    expect(routes).toEqual(expect.arrayContaining(["/api/health"]));
    expect((await fetch(`${app.url}/setup`, { redirect: "manual" })).status).toBe(200);
    const signin = await fetch(`${app.url}/signin`, { redirect: "manual" });
    expect(signin.status).toBe(307);
    expect(signin.headers.get("location")).toBe("/setup");
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    for (const page of pages.filter((p) => p !== "/signin" && p !== "/setup")) {
      const res = await fetch(app.url + concrete(page), { redirect: "manual" });
      expect(res.status, page).toBe(307);
      expect(new URL(res.headers.get("location")!, app.url).pathname, page).toBe("/signin");
      await res.body?.cancel();
    }
  });

  it("first-run setup creates the admin once, and refuses (audited) once an account exists", async () => {
    const setup = action("app/setup/actions.ts#createAdmin");
    const created = await callAction(app.url, setup, [{}, form({ username: "admin", password: PASSWORD, confirm: PASSWORD })], { page: "/setup" });
    cookies.admin = cookieFrom(created);
    expect(await db.user.count()).toBe(1);

    const again = await callAction<{ error?: string }>(app.url, setup, [{}, form({ username: "intruder", password: PASSWORD, confirm: PASSWORD })], { page: "/setup" });
    expect(again.result?.error).toMatch(/already set up/);
    expect(again.setCookie).toBeUndefined();
    expect(await db.user.findMany({ select: { username: true } })).toEqual([{ username: "admin" }]);
    expect(await deniedCount("intruder", "setup")).toBe(1);

    const setupPage = await fetch(`${app.url}/setup`, { redirect: "manual" });
    expect(setupPage.status).toBe(307);
    expect(new URL(setupPage.headers.get("location")!, app.url).pathname).toBe("/signin");
  });

  it("the admin creates an operator and grants it namespace default through the users page's actions, audited", async () => {
    const users = (name: string) => action(`app/admin/users/actions.ts#${name}`);
    const created = await callAction<{ ok?: boolean; error?: string }>(app.url, users("createUserAction"), [{}, form({ username: "operator", role: "operator", password: PASSWORD, confirm: PASSWORD })], {
      cookie: cookies.admin,
      page: "/admin/users",
    });
    expect(created.result, created.result?.error).toEqual({ ok: true });
    const operator = await db.user.findUniqueOrThrow({ where: { username: "operator" }, include: { grants: true } });
    expect(operator).toMatchObject({ role: "operator", disabled: false, grants: [] });
    fixture.userId = operator.id;
    const granted = await callAction<{ ok?: boolean; error?: string }>(app.url, users("addGrantAction"), [{}, form({ userId: operator.id, context: "*", namespace: "default" })], {
      cookie: cookies.admin,
      page: "/admin/users",
    });
    expect(granted.result, granted.result?.error).toEqual({ ok: true });
    const grants = await db.userGrant.findMany({ where: { userId: operator.id } });
    expect(grants.map((g) => [g.context, g.namespace])).toEqual([["*", "default"]]);
    fixture.grantId = grants[0].id;
    const entries = await db.auditEntry.findMany({ where: { action: { in: ["user-create", "user-grant-add"] } } });
    expect(entries.map((e) => [e.actorName, e.action, e.result, JSON.parse(e.details)]).sort()).toEqual([
      ["admin", "user-create", "succeeded", { user: "operator", role: "operator" }],
      ["admin", "user-grant-add", "succeeded", { user: "operator", grant: "*/default" }],
    ]);
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
    const page = await (await fetch(`${app.url}/admin/users`, { headers: { Cookie: cookies.admin } })).text();
    expect(page).toContain("operator");
    expect(page).toContain("Create user");
  });

  it("signs in (wrong passwords refused and audited) and signs out, through the actions", async () => {
    await createUser(db, { username: "viewer", password: PASSWORD, role: "viewer" });
    const wrong = await signIn("viewer", "not the password");
    expect(wrong.result?.error).toBe("Wrong username or password.");
    expect(wrong.setCookie).toBeUndefined();
    expect(await deniedCount("viewer", "sign-in")).toBe(1);

    cookies.operator = cookieFrom(await signIn("operator"));
    const viewer = await signIn("viewer");
    expect(viewer.redirect).toBe("/");
    cookies.viewer = cookieFrom(viewer);

    const spare = cookieFrom(await signIn("viewer"));
    const sessions = await db.session.count();
    const out = await callAction(app.url, action("app/signin/actions.ts#signOut"), [], { cookie: spare, page: "/" });
    expect(out.redirect).toBe("/signin");
    expect(await db.session.count()).toBe(sessions - 1);
    await expectSignInRedirect(await fetch(`${app.url}/charts`, { headers: { Cookie: spare }, redirect: "manual" }), "/charts after signing out");
    expect((await fetch(`${app.url}/charts`, { headers: { Cookie: cookies.viewer }, redirect: "manual" })).status).toBe(200);
  });

  it("an admin imports a chart and an operator upgrades the demo release through the actions", async () => {
    const imported = await callAction<{ ok: boolean; chartId?: string; error?: string }>(app.url, action("app/charts/actions.ts#importFromRelease"), [null, form({ namespace: "default", release: "demo" })], {
      cookie: cookies.admin,
    });
    expect(imported.result).toMatchObject({ ok: true });
    fixture.chartId = imported.result!.chartId!;

    const upgrade = await callAction<{ ok: boolean; operationId?: string; error?: string }>(
      app.url,
      action("app/releases/[namespace]/[name]/actions.ts#startReleaseOperation"),
      [{ kind: "upgrade", namespace: "default", releaseName: "demo", reason: "rotate the database password", valuesYaml: `database:\n  password: ${ROTATED_PASSWORD}\n` }],
      { cookie: cookies.operator, page: "/releases/default/demo" },
    );
    expect(upgrade.result, upgrade.result?.error).toMatchObject({ ok: true });
    fixture.operationId = upgrade.result!.operationId!;
    expect(await waitForOperation(fixture.operationId)).toBe("succeeded");
    const op = await db.operation.findUniqueOrThrow({ where: { id: fixture.operationId }, include: { user: true } });
    expect(op).toMatchObject({ kind: "upgrade", revision: 2, releaseName: "demo" });
    expect(op.user?.username).toBe("operator");

    const scenario = (await (
      await fetch(`${sandboxApi}/sandbox/v1/scenarios`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ kind: "Job", name: "demo-cleanup", action: "fail", times: 1 }) })
    ).json()) as { id: string };
    fixture.scenarioId = scenario.id;
  });

  it("knows every server action of the build", () => {
    const unknown = actions.map((a) => a.key).filter((k) => !(k in CASES) && !(k in PUBLIC));
    expect(unknown, "server actions this test does not know how to call: add them to CASES").toEqual([]);
    expect(actions.map((a) => a.key).sort()).toEqual(expect.arrayContaining([...Object.keys(CASES), ...Object.keys(PUBLIC).filter((k) => !k.includes("/api/"))].sort()));
  });

  it("refuses every action without a session, with a forged session and, unless it only reads, as a viewer: nothing changes and each refusal is audited", async () => {
    const before = await state();
    // The snapshot sees what the calls could change: the demo's release records, the chart, the sandbox scenario.
    expect(before).toContain("secrets default/sh.helm.release.v1.demo.v2");
    expect(before).toContain(fixture.chartId);
    expect(before).toContain(fixture.scenarioId);
    for (const a of actions.filter((x) => x.key in CASES)) {
      const page = concrete(a.pages[0]);
      for (const c of CASES[a.key]) {
        const label = `${a.key} (${c.permission})`;
        for (const cookie of [undefined, FORGED]) {
          const who = cookie ? "with a forged session" : "without a session";
          const anonymousDenied = await deniedCount("anonymous", c.permission);
          const anonymous = await callAction(app.url, a, c.args(), { page, cookie });
          expect(errorOf(anonymous), `${label} ${who}`).toBe("Sign in first.");
          if (c.permission !== "read") expect(await deniedCount("anonymous", c.permission), `${label} ${who}: refusal audited`).toBe(anonymousDenied + 1);
        }

        if (c.permission !== "read") {
          const viewerDenied = await deniedCount("viewer", c.permission);
          const viewer = await callAction(app.url, a, c.args(), { page, cookie: cookies.viewer });
          expect(errorOf(viewer), `${label} as viewer`).toBe(`Your role (viewer) may not ${c.permission}.`);
          expect(await deniedCount("viewer", c.permission), `${label}: viewer's refusal audited`).toBe(viewerDenied + 1);
        }
        expect(await state(), `${label} changed something`).toBe(before);
      }
    }
  });

  it("lets a viewer read through the read-only actions", async () => {
    const history = await callAction<{ ok: boolean }>(app.url, action("app/charts/[id]/actions.ts#loadFileHistory"), CASES["app/charts/[id]/actions.ts#loadFileHistory"][0].args(), {
      cookie: cookies.viewer,
      page: concrete("/charts/[id]"),
    });
    expect(history.result).toMatchObject({ ok: true });
    const preview = await callAction<{ ok: boolean; manifest?: { after: string } }>(
      app.url,
      action("app/releases/[namespace]/[name]/actions.ts#previewUpgradeDiff"),
      CASES["app/releases/[namespace]/[name]/actions.ts#previewUpgradeDiff"][0].args(),
      { cookie: cookies.viewer, page: "/releases/default/demo" },
    );
    expect(preview.result).toMatchObject({ ok: true });
    expect(preview.result!.manifest!.after).toContain("kind: Secret");
    expect(preview.result!.manifest!.after).not.toContain(Buffer.from(ROTATED_PASSWORD).toString("base64"));
    // The preview's manifest and values diffs reach a viewer masked.
    expect(JSON.stringify(preview.result)).not.toContain(Buffer.from(ROTATED_PASSWORD).toString("base64"));
    expect(JSON.stringify(preview.result)).not.toContain(ROTATED_PASSWORD);
  });

  it("refuses an operator what only admins may do (uninstall, recovery, sandbox, the audit export), audited", async () => {
    const before = await state();
    const adminOnly: Array<[string, number]> = [
      ["app/releases/[namespace]/[name]/actions.ts#startReleaseOperation", 2],
      ["app/releases/[namespace]/[name]/actions.ts#recoverStuckRelease", 0],
      ["app/sandbox/actions.ts#addScenarioAction", 0],
      ["app/sandbox/actions.ts#removeScenarioAction", 0],
      ["app/sandbox/actions.ts#resetSandboxAction", 0],
      ["app/admin/users/actions.ts#createUserAction", 0],
      ["app/admin/users/actions.ts#changeRoleAction", 0],
      ["app/admin/users/actions.ts#addGrantAction", 0],
    ];
    for (const [key, index] of adminOnly) {
      const c = CASES[key][index];
      const denied = await deniedCount("operator", c.permission);
      const answer = await callAction(app.url, action(key), c.args(), { cookie: cookies.operator, page: concrete(action(key).pages[0]) });
      expect(errorOf(answer), key).toBe(`Your role (operator) may not ${c.permission}.`);
      expect(await deniedCount("operator", c.permission)).toBe(denied + 1);
    }
    const exportDenied = await deniedCount("operator", "manage-users");
    expect((await fetch(`${app.url}/api/audit/export`, { headers: { Cookie: cookies.operator } })).status).toBe(403);
    expect(await deniedCount("operator", "manage-users")).toBe(exportDenied + 1);
    expect(await state()).toBe(before);
  });

  it("refuses an operator granted only namespace default any release action elsewhere, audited with the reason", async () => {
    const before = await state();
    const elsewhere: Array<[string, Action, unknown[]]> = [
      ["app/releases/[namespace]/[name]/actions.ts#startReleaseOperation", "upgrade", [{ kind: "upgrade", namespace: "other", releaseName: "demo", reason: "not granted" }]],
      ["app/releases/[namespace]/[name]/actions.ts#startReleaseOperation", "rollback", [{ kind: "rollback", namespace: "kube-system", releaseName: "demo", revision: 1 }]],
      ["app/charts/[id]/actions.ts#deployChart", "install", [{ chartId: fixture.chartId, kind: "install", namespace: "other", releaseName: "demo-other" }]],
      ["app/releases/[namespace]/[name]/reveal-actions.ts#revealRevisionSecrets", "unmask-secrets", [{ namespace: "other", releaseName: "demo", revisions: [1] }]],
    ];
    for (const [key, permission, args] of elsewhere) {
      const grantRefusals = async () =>
        (await db.auditEntry.findMany({ where: { actorName: "operator", action: permission, result: "denied" } })).filter((e) => String(JSON.parse(e.details).why).startsWith("no grant"));
      const earlier = new Set((await grantRefusals()).map((e) => e.id));
      const answer = await callAction(app.url, action(key), args, { cookie: cookies.operator, page: "/releases/default/demo" });
      expect(errorOf(answer), key).toMatch(/^You have no grant for namespace (other|kube-system) in context \S+\.$/);
      const added = (await grantRefusals()).filter((e) => !earlier.has(e.id));
      expect(added, key).toHaveLength(1);
      expect(JSON.parse(added[0].details).why).toMatch(/^no grant for context\/namespace \S+\/(other|kube-system)$/);
      expect(added[0].context, key).not.toBe("");
    }
    expect(await state()).toBe(before);
  });

  it("checks every route handler: without a session refused, mutating ones refused to viewers (audited), other methods not served", async () => {
    const { routes } = builtAppPaths();
    for (const route of routes) {
      const source = readFileSync(path.join("app", route, "route.ts"), "utf8");
      const methods = [...source.matchAll(/export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map((m) => m[1]);
      expect(methods.length, route).toBeGreaterThan(0);
      const url = app.url + concrete(route);
      for (const method of methods) {
        const permission = ROUTES[`${route}#${method}`];
        expect(permission, `${route} ${method} is not described in ROUTES`).toBeDefined();
        const call = async (cookie?: string) => {
          const res = await fetch(url, { method, headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
          await res.body?.cancel();
          return res.status;
        };
        if (typeof permission === "object") {
          expect(await call(), `${method} ${route}`).toBe(permission.public);
          continue;
        }
        expect(await call(), `${method} ${route} without a session`).toBe(401);
        const anonymous = await deniedCount("anonymous", permission);
        expect(await call(FORGED), `${method} ${route} with a forged session`).toBe(401);
        if (permission !== "read") {
          expect(await deniedCount("anonymous", permission)).toBe(anonymous + 1);
          const viewer = await deniedCount("viewer", permission);
          expect(await call(cookies.viewer), `${method} ${route} as viewer`).toBe(403);
          expect(await deniedCount("viewer", permission)).toBe(viewer + 1);
        } else {
          expect(await call(cookies.viewer), `${method} ${route} as viewer`).toBe(200);
        }
      }
      for (const method of ["POST", "PUT", "DELETE"].filter((m) => !methods.includes(m))) {
        const res = await fetch(url, { method, headers: { Cookie: cookies.viewer } });
        expect(res.status, `${method} ${route}`).toBe(405);
      }
    }
    expect((await fetch(`${app.url}/api/audit/export`, { headers: { Cookie: cookies.admin } })).status).toBe(200);
  });

  it("redirects every page to /signin for a session cookie that names no session", async () => {
    for (const page of builtAppPaths().pages.filter((p) => p !== "/signin")) {
      await expectSignInRedirect(await fetch(app.url + concrete(page), { headers: { Cookie: FORGED }, redirect: "manual" }), page);
    }
  });

  it("reveals a revision's secrets to an operator, audited without the secret, and to no viewer", async () => {
    const reveal = action("app/releases/[namespace]/[name]/reveal-actions.ts#revealRevisionSecrets");
    const page = await (await fetch(`${app.url}/releases/default/demo?from=1&to=2`, { headers: { Cookie: cookies.viewer } })).text();
    expect(page).toContain(maskedText(ROTATED_PASSWORD).slice(-16));
    expect(page).not.toContain(ROTATED_PASSWORD);
    expect(page).not.toContain("Show secrets");

    const answer = await callAction<{ ok: boolean; revisions: Record<number, { manifest: string; values: string }> }>(
      app.url,
      reveal,
      [{ namespace: "default", releaseName: "demo", revisions: [1, 2] }],
      { cookie: cookies.operator, page: "/releases/default/demo" },
    );
    expect(answer.result?.ok).toBe(true);
    expect(answer.result!.revisions[2].values).toContain(`password: ${ROTATED_PASSWORD}`);
    expect(answer.result!.revisions[2].manifest).toContain(Buffer.from(ROTATED_PASSWORD).toString("base64"));
    expect(answer.result!.revisions[1].manifest).toContain(Buffer.from(DEMO_PASSWORD).toString("base64"));

    const entries = await db.auditEntry.findMany({ where: { action: "unmask-secrets", result: "succeeded", releaseName: "demo" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorName: "operator", namespace: "default", releaseName: "demo", revision: 2 });
    expect(JSON.parse(entries[0].details)).toEqual({ revisions: [1, 2], revealed: ["manifest", "values"] });
    const stored = JSON.stringify(entries[0]);
    for (const secret of [ROTATED_PASSWORD, DEMO_PASSWORD, Buffer.from(ROTATED_PASSWORD).toString("base64")]) expect(stored).not.toContain(secret);

    const missing = await callAction<{ ok: boolean; error: string }>(app.url, reveal, [{ namespace: "default", releaseName: "demo", revisions: [7] }], {
      cookie: cookies.operator,
      page: "/releases/default/demo",
    });
    expect(missing.result).toEqual({ ok: false, error: "release demo has no revision 7" });
  });

  it("shows a viewer the chart workspace with secrets masked, and an operator unmasked", async () => {
    const url = `${app.url}/charts/${fixture.chartId}`;
    const asViewer = await (await fetch(url, { headers: { Cookie: cookies.viewer } })).text();
    expect(asViewer).not.toContain(DEMO_PASSWORD);
    expect(asViewer).toContain(maskedText(DEMO_PASSWORD).slice(-16));
    expect(await db.auditEntry.count({ where: { action: "unmask-secrets", actorName: "viewer", result: "succeeded" } })).toBe(0);

    const opened = () => db.auditEntry.findMany({ where: { action: "unmask-secrets", actorName: "operator", releaseName: "" } });
    expect(await opened()).toEqual([]);
    const asOperator = await (await fetch(url, { headers: { Cookie: cookies.operator } })).text();
    expect(asOperator).toContain(DEMO_PASSWORD);
    // Opening files that hold secrets unmasked is audited: which chart and files, not what they hold.
    const entries = await opened();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].details)).toEqual({ chartId: fixture.chartId, chart: "demo", files: expect.arrayContaining(["values.yaml"]) });
    expect(entries[0].details).not.toContain(DEMO_PASSWORD);
  });

  describe("in the browser", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("an admin creates an operator on the users page and grants it namespace default: the operator's Upgrade of demo turns enabled", async () => {
      const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = cookies.admin.split("=");
      await adminContext.addCookies([{ name, value, url: app.url }]);
      const admin = await adminContext.newPage();
      await admin.goto(app.url);
      await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
      await admin.getByRole("heading", { level: 1, name: "Users" }).waitFor();
      const create = admin.getByRole("region", { name: "Create a user" });
      await create.getByLabel("Username").fill("otto");
      await create.getByLabel("Role").selectOption("operator");
      await create.getByLabel("Initial password", { exact: true }).fill(PASSWORD);
      await create.getByLabel("Confirm initial password").fill(PASSWORD);
      await create.getByRole("button", { name: "Create user" }).click();
      const otto = admin.getByRole("article", { name: "User otto" });
      await otto.getByText("No grants: this operator may act nowhere.").waitFor();

      const operatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const operator = await operatorContext.newPage();
      await signInPage(operator, app.url, { username: "otto", password: PASSWORD });
      await operator.goto(`${app.url}/releases/default/demo`);
      const upgrade = operator.getByRole("button", { name: "Upgrade", exact: true });
      expect(await upgrade.isDisabled()).toBe(true);
      await expect(operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).count()).resolves.toBe(0);

      await otto.getByLabel("Grant namespace for otto").fill("default");
      await otto.getByRole("button", { name: "Add grant" }).click();
      await otto.getByRole("list", { name: "Grants of otto" }).getByText("* / default").waitFor();
      await operator.reload();
      expect(await operator.getByRole("button", { name: "Upgrade", exact: true }).isEnabled()).toBe(true);
      await operatorContext.close();
      await adminContext.close();
    });

    it("the release page's Show secrets toggle reveals the masked values for an operator", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = cookies.operator.split("=");
      await context.addCookies([{ name, value, url: app.url }]);
      const page = await context.newPage();
      await page.goto(`${app.url}/releases/default/demo?from=1&to=2`);
      const values = page.getByLabel("values diff");
      await expect(values.innerText()).resolves.toContain(maskedText(ROTATED_PASSWORD));
      await page.getByRole("button", { name: "Show secrets" }).click();
      await page.getByRole("button", { name: "Hide secrets" }).waitFor();
      await expect(values.innerText()).resolves.toContain(`+  password: ${ROTATED_PASSWORD}`);
      await expect(page.getByLabel("manifest diff").innerText()).resolves.toContain(Buffer.from(ROTATED_PASSWORD).toString("base64"));
      await page.getByRole("button", { name: "Hide secrets" }).click();
      await expect(values.innerText()).resolves.not.toContain(ROTATED_PASSWORD);
      expect(await db.auditEntry.count({ where: { action: "unmask-secrets", result: "succeeded", actorName: "operator", releaseName: "demo" } })).toBe(2);
      await context.close();
    });
  });
});
