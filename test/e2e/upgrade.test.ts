import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser, screenshot } from "@/test/helpers/browser";
import { setUpAdmin } from "@/test/helpers/signin";
import { readFileSync } from "node:fs";
import path from "node:path";

describe("upgrading the demo release from the browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await setUpAdmin(page, app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("runs the pre-upgrade backup, applies, runs the smoke test, and records revision 2 by the user", async () => {
    await page.goto(`${app.url}/releases/default/demo?context=hookline-sandbox`);
    await page.getByRole("heading", { level: 1, name: /demo/ }).waitFor();
    await page.getByRole("button", { name: "Upgrade", exact: true }).click();

    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    // The confirmation shows the hook plan: the backup Job before the upgrade, the smoke test after it.
    const plan = await dialog.getByRole("region", { name: "Hook plan" }).innerText();
    expect(plan).toMatch(/pre-upgrade Job\/demo-db-backup · weight 5 · on success deleted \(hook-succeeded\), on failure retained/);
    expect(plan).toMatch(/post-upgrade Job\/demo-smoke-test/);
    await dialog.getByLabel("Values (YAML, over the release's current values)").fill("web:\n  replicas: 3\n");
    // The dialog shows what the upgrade will change before it runs, secrets masked.
    await dialog.getByRole("button", { name: "Show changes" }).click();
    const diff = await dialog.getByRole("region", { name: "Upgrade diff" }).innerText();
    expect(diff).toContain("-  replicas: 2");
    expect(diff).toContain("+  replicas: 3");
    expect(diff).not.toContain("demo-password-change-me");
    await dialog.getByLabel("Reason (kept in the audit trail)").fill("scale out for the sale");
    await dialog.getByRole("button", { name: /^Upgrade demo/ }).click();

    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    const timeline = page.getByRole("region", { name: "Timeline" });
    await timeline.getByText("succeeded", { exact: true }).first().waitFor({ timeout: 90_000 });

    const hooks = await timeline.getByRole("list", { name: "Hooks in order" }).locator("li").allInnerTexts();
    expect(hooks).toHaveLength(2);
    expect(hooks[0]).toMatch(/pre-upgrade: Job\/demo-db-backup\s+succeeded · [\d.]+ s\s+deleted by hook-succeeded/);
    expect(hooks[1]).toMatch(/post-upgrade: Job\/demo-smoke-test\s+succeeded · [\d.]+ s\s+deleted by hook-succeeded/);
    // The backup ran for its scenario's 3 seconds before the smoke test started.
    await timeline.getByRole("button", { name: "pre-upgrade: Job/demo-db-backup" }).click();
    await expect(page.getByLabel("Hook demo-db-backup").innerText()).resolves.toMatch(/succeeded after [3-9]\.\d s · deleted by hook-succeeded/);
    await screenshot(page, "timeline");

    await page.goto(`${app.url}/releases/default/demo?context=hookline-sandbox`);
    const history = await page.getByRole("region", { name: "History" }).locator("tbody tr").allInnerTexts();
    expect(history[0]).toMatch(/^2\tdeployed\tdemo-1\.0\.0\t.*\tadmin\tUpgrade complete\s*Reason: scale out for the sale$/);
    expect(history[1]).toMatch(/^1\tsuperseded\t/);
    const audit = await page.getByRole("region", { name: "Audit trail" }).innerText();
    expect(audit).toMatch(/admin upgrade \(revision 2\): succeeded — scale out for the sale/);
    await screenshot(page, "release-after-upgrade");
  });

  it("fails the upgrade when the sandbox makes the backup fail, keeps the Job and its logs, and rolls back from the release page", async () => {
    await page.goto(`${app.url}/sandbox`);
    const form = page.getByRole("form", { name: "New scenario" });
    await form.getByLabel("Hook name").fill("demo-db-backup");
    await form.getByLabel("Namespace").fill("default");
    await form.getByLabel("Behaviour").selectOption("fail");
    await form.getByLabel("Logs the hook prints").fill("pg_dump: error: connection to server on socket failed");
    await form.getByRole("button", { name: "Add scenario" }).click();
    await page.getByText("Job/demo-db-backup in default will fail").waitFor();
    await screenshot(page, "sandbox");

    await page.goto(`${app.url}/releases/default/demo?context=hookline-sandbox`);
    await page.getByRole("button", { name: "Upgrade", exact: true }).click();
    await page.getByRole("dialog").getByLabel("Reason (kept in the audit trail)").fill("upgrade while the database is down");
    await page.getByRole("dialog").getByRole("button", { name: /^Upgrade demo/ }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    const timeline = page.getByRole("region", { name: "Timeline" });
    await timeline.getByText("failed", { exact: true }).first().waitFor({ timeout: 90_000 });

    // The timeline says why, and the failed hook kept its logs and its Job (no hook-failed policy).
    await expect(timeline.getByRole("alert").innerText()).resolves.toMatch(/pre-upgrade hooks failed: .*demo-db-backup/);
    const hooks = await timeline.getByRole("list", { name: "Hooks in order" }).locator("li").allInnerTexts();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatch(/pre-upgrade: Job\/demo-db-backup\s+failed · [\d.]+ s\s+retained/);
    await timeline.getByRole("button", { name: "pre-upgrade: Job/demo-db-backup" }).click();
    await expect(page.getByLabel("Hook demo-db-backup").innerText()).resolves.toContain("pg_dump: error: connection to server on socket failed");
    await screenshot(page, "timeline-failed");

    const kubeconfig = readFileSync(path.join(app.dataDir, "sandbox", "kubeconfig"), "utf8");
    const server = /server: (\S+)/.exec(kubeconfig)![1];
    const job = await fetch(`${server}/apis/batch/v1/namespaces/default/jobs/demo-db-backup`);
    expect(job.status).toBe(200);

    await page.goto(`${app.url}/releases/default/demo?context=hookline-sandbox`);
    let history = await page.getByRole("region", { name: "History" }).locator("tbody tr").allInnerTexts();
    expect(history[0]).toMatch(/^3\tfailed\t.*admin\tUpgrade "demo" failed: pre-upgrade hooks failed/);
    expect(history[1]).toMatch(/^2\tdeployed\t/);

    await page.getByRole("button", { name: "Rollback", exact: true }).click();
    await page.getByRole("dialog").getByLabel("Roll back to revision").selectOption("2");
    await page.getByRole("dialog").getByRole("button", { name: /^Rollback demo/ }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    await page.getByRole("region", { name: "Timeline" }).getByText("succeeded", { exact: true }).first().waitFor({ timeout: 90_000 });

    await page.goto(`${app.url}/releases/default/demo?context=hookline-sandbox`);
    history = await page.getByRole("region", { name: "History" }).locator("tbody tr").allInnerTexts();
    expect(history[0]).toMatch(/^4\tdeployed\t.*admin\tRollback to 2/);
    expect(history.slice(1).map((row) => row.split("\t").slice(0, 2).join(" "))).toEqual(["3 failed", "2 superseded", "1 superseded"]);
    await screenshot(page, "release");
  });
});
