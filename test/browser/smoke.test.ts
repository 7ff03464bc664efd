import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser, screenshot } from "@/test/helpers/browser";

describe("the built app in headless Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("serves the Releases page with its heading, styled, without reaching outside this machine", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside: string[] = [];
    page.on("request", (req) => {
      const host = new URL(req.url()).hostname;
      if (!["127.0.0.1", "localhost"].includes(host) && !req.url().startsWith("data:")) outside.push(req.url());
    });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));

    const response = await page.goto(app.url + "/");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Releases");
    await expect(page.getByRole("link", { name: "Hookline" }).isVisible()).resolves.toBe(true);
    // Tailwind's stylesheet is applied: the page background is the slate-50 utility, not the browser default white.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe("rgba(0, 0, 0, 0)");
    expect(background).not.toBe("rgb(255, 255, 255)");
    await expect(page.getByRole("region", { name: "System status" }).textContent()).resolves.toContain("Database");

    await screenshot(page, "home");
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("answers /api/health with the database status after start-up migrated it", async () => {
    const res = await fetch(app.url + "/api/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string; database: { status: string; dialect: string } };
    expect(body.status).toBe("ok");
    expect(body.database).toEqual({ status: "ok", dialect: "sqlite" });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(app.output()).toContain("applied 20261124060000_init");
  });
});
