import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser, screenshot, watchPage } from "@/test/helpers/browser";
import { helm } from "@/test/helpers/helm-cli";
import path from "node:path";
import { createKubeClient } from "@/lib/kube";
import { createReleaseStore } from "@/lib/release";


const ADMIN_PASSWORD = "correct horse battery";

async function signIn(page: Page) {
  await page.goto(`${appUrl}/signin`);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
}

let appUrl = "";

describe("the built app in headless Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    appUrl = app.url;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("answers /api/health without a session, after start-up migrated the database", async () => {
    const res = await fetch(app.url + "/api/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string; database: { status: string; dialect: string }; cluster: { mode: string; status: string; server: string } };
    expect(body.status).toBe("ok");
    expect(body.database).toEqual({ status: "ok", dialect: "sqlite" });
    // Without KUBECONFIG, npm start runs the embedded sandbox cluster and the app talks to it over HTTP.
    expect(body.cluster).toMatchObject({ mode: "sandbox", status: "ok" });
    expect(body.cluster.server).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(app.output()).toContain("applied 20261124060000_init");
  });

  it("refuses everything else without a session", async () => {
    const page = await fetch(app.url + "/", { redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/signin$/);
    const api = await fetch(app.url + "/api/anything");
    expect(api.status).toBe(401);
  });

  it("walks a new user through first-run setup to the Releases page, then signs out and in again", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const seen = watchPage(page);

    await page.goto(app.url + "/");
    await page.waitForURL(/\/setup$/);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await page.getByLabel("Confirm password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create admin account" }).click();

    await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
    // Tailwind's stylesheet is applied: the page background is the slate-50 utility, not the browser default.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(["rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"]).not.toContain(background);
    // npm start installed the demo release into the sandbox on first start, with Hookline's own engine.
    const demoRow = page.getByRole("region", { name: "Releases list" }).locator("tbody tr", { hasText: "demo" });
    await expect(demoRow.innerText()).resolves.toMatch(/^demo\tdefault\t1\tdeployed\tdemo-1\.0\.0\t2\.4\.0\t.*\tinstall succeeded by hookline/);

    const cookie = (await page.context().cookies()).find((c) => c.name === "hookline_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("wrong password!");
    await page.getByRole("button", { name: "Sign in" }).click();
    // (Next.js' route announcer is also an alert, so look for the message itself.)
    await page.getByText("Wrong username or password.").waitFor();
    await screenshot(page, "signin");

    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();

    // The audit trail exports as JSON for admins (and the export is itself audited); without a session it is refused.
    const exported = await page.request.get(`${app.url}/api/audit/export`);
    expect(exported.status()).toBe(200);
    const audit = (await exported.json()) as { exportedBy: string; entries: Array<{ action: string; result: string; actorName: string }> };
    expect(audit.exportedBy).toBe("admin");
    expect(audit.entries.map((e) => `${e.actorName} ${e.action} ${e.result}`)).toEqual(
      expect.arrayContaining(["admin setup succeeded", "admin sign-in denied", "admin sign-in succeeded"]),
    );
    expect((await fetch(`${app.url}/api/audit/export`)).status).toBe(401);

    // Setup cannot be used again once an account exists.
    await page.goto(app.url + "/setup");
    await page.waitForURL(/\/(signin)?$/);

    expect(seen.outside).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
  it("lists releases that the real helm CLI installed in the sandbox, across namespaces and filtered by one", async () => {
    const kubeconfig = path.join(app.dataDir, "sandbox", "kubeconfig");
    const chart = path.join(process.cwd(), "test", "browser", "charts", "hello");
    await helm(["install", "greeter", chart, "-n", "default"], kubeconfig);
    await helm(["install", "billing", chart, "-n", "team-a", "--create-namespace", "--set", "greeting=hi", "--set", "dbPassword=s3cr3t-one"], kubeconfig);
    await helm(["upgrade", "billing", chart, "-n", "team-a", "--set", "greeting=hey", "--set", "dbPassword=s3cr3t-two"], kubeconfig);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page);
    const table = page.getByRole("region", { name: "Releases list" });
    await table.waitFor();
    const rows = await table.locator("tbody tr").allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^demo\tdefault\t1\tdeployed\t/);
    expect(rows[1]).toMatch(/^greeter\tdefault\t1\tdeployed\thello-0\.3\.1\t1\.4\.0\t.*not by Hookline$/);
    expect(rows[2]).toMatch(/^billing\tteam-a\t2\tdeployed\thello-0\.3\.1\t1\.4\.0\t/);
    await screenshot(page, "home");

    await page.getByLabel("Namespace", { exact: true }).fill("team-a");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/namespace=team-a/);
    // The list streams in after the page's shell (its loading state first).
    const filtered = page.getByRole("region", { name: "Releases list" }).locator("tbody tr");
    await filtered.first().waitFor();
    await expect(filtered.allInnerTexts()).resolves.toHaveLength(1);
    await expect(page.getByRole("link", { name: "billing" }).getAttribute("href")).resolves.toBe("/releases/team-a/billing?context=hookline-sandbox");

    // The release page: history from the release records, and a diff of the two revisions with secrets masked.
    await page.getByRole("link", { name: "billing" }).click();
    await page.getByRole("heading", { level: 1, name: /billing/ }).waitFor();
    await page.getByRole("region", { name: "History" }).locator("tbody tr").first().waitFor();
    const history = await page.getByRole("region", { name: "History" }).locator("tbody tr").allInnerTexts();
    expect(history.map((row) => row.split("\t").slice(0, 2))).toEqual([
      ["2", "deployed"],
      ["1", "superseded"],
    ]);
    const diff = page.getByRole("region", { name: "Diff" });
    const valuesDiff = await diff.getByLabel("values diff").innerText();
    expect(valuesDiff).toContain("-greeting: hi");
    expect(valuesDiff).toContain("+greeting: hey");
    expect(valuesDiff).toMatch(/-dbPassword: •••• masked \(sha256:[0-9a-f]{8}\)/);
    const manifestDiff = await diff.getByLabel("manifest diff").innerText();
    expect(manifestDiff).toMatch(/\+  password: •••• masked/);
    const html = await page.content();
    for (const secret of ["s3cr3t-one", "s3cr3t-two", Buffer.from("s3cr3t-one").toString("base64"), Buffer.from("s3cr3t-two").toString("base64")]) {
      expect(html).not.toContain(secret);
    }
    await screenshot(page, "release-helm-cli");
    await page.close();
  });


  it("offers to recover a release a dead helm process left pending, and unlocks it", async () => {
    const kubeconfig = path.join(app.dataDir, "sandbox", "kubeconfig");
    const store = createReleaseStore({ namespace: "team-a", client: createKubeClient({ kubeconfigPath: kubeconfig }) });
    const last = await store.last("billing");
    last.info.status = "pending-upgrade";
    await store.update(last);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    await page.goto(`${app.url}/releases/team-a/billing?context=hookline-sandbox`);
    const stuck = page.getByRole("region", { name: "Stuck release" });
    await expect(stuck.getByRole("heading").innerText()).resolves.toBe("This release is stuck in pending-upgrade");
    await stuck.getByLabel("Reason").fill("helm was killed by the CI runner");
    await stuck.getByRole("button", { name: "Recover" }).click();
    await stuck.waitFor({ state: "detached" });
    const history = await page.getByRole("region", { name: "History" }).locator("tbody tr").first().innerText();
    expect(history).toMatch(/^2\tfailed\t.*Release "billing" failed: marked failed by admin after it was left pending-upgrade/);
    await expect(page.getByRole("region", { name: "Audit trail" }).innerText()).resolves.toMatch(/admin recover \(revision 2\): succeeded — helm was killed by the CI runner/);
    await page.close();
  });
});
