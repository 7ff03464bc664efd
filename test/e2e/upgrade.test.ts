import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser, screenshot } from "@/test/helpers/browser";
import { setUpAdmin } from "@/test/helpers/signin";

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
});
