import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { helmBinary } from "@/test/helpers/binaries";
import { launchBrowser, screenshot } from "@/test/helpers/browser";
import { setUpAdmin } from "@/test/helpers/signin";

const run = promisify(execFile);

describe("installing a chart from the workspace", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let tmp: string;
  let archive: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "hookline-install-"));
    await run(await helmBinary(), ["package", path.resolve("test/browser/charts/hello"), "-d", tmp], { env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: tmp, HELM_CACHE_HOME: tmp, HELM_CONFIG_HOME: tmp, HELM_DATA_HOME: tmp } });
    archive = path.join(tmp, (await readdir(tmp)).find((f) => f.endsWith(".tgz"))!);
    app = await startApp({ HOOKLINE_DEMO: "0" });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await setUpAdmin(page, app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("imports a packaged chart, installs it as a new release with Hookline's engine, and lists it", async () => {
    await page.goto(`${app.url}/charts`);
    const form = page.getByRole("form", { name: "Upload a chart archive" });
    await form.getByLabel(/Chart archive/).setInputFiles(archive);
    await form.getByRole("button", { name: "Import archive" }).click();
    await page.waitForURL(/\/charts\/[0-9a-f-]{36}$/);

    await page.getByRole("button", { name: "Install", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Release name").fill("shop");
    await dialog.getByLabel("Namespace").fill("team-b");
    await dialog.getByLabel("Values (YAML)").fill("greeting: bonjour\n");
    await dialog.getByLabel("Reason (kept in the audit trail)").fill("first deploy of the shop");
    await dialog.getByRole("button", { name: "Install", exact: true }).click();

    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    await page.getByRole("region", { name: "Timeline" }).getByText("succeeded", { exact: true }).first().waitFor({ timeout: 90_000 });
    await screenshot(page, "install-timeline");

    await page.goto(`${app.url}/?namespace=team-b`);
    const row = await page.getByRole("region", { name: "Releases list" }).locator("tbody tr").first().innerText();
    expect(row).toMatch(/^shop\tteam-b\t1\tdeployed\thello-0\.3\.1\t1\.4\.0\t.*install succeeded by admin/);
    await page.getByRole("link", { name: "shop" }).click();
    const values = await page.getByRole("region", { name: "Diff" }).innerText();
    expect(values).toContain("No differences");
    await expect(page.getByRole("region", { name: "Audit trail" }).innerText()).resolves.toMatch(/admin install \(revision 1\): succeeded — first deploy of the shop/);
  });
});
