/**
 * Kubeconfig credentials never reach the browser. Hookline is pointed at a cluster through a user's KUBECONFIG whose
 * user has a token and a password no one else knows; an admin then uses every page and the data calls behind them
 * (the releases list, a release with its history and diffs, the Upgrade dialog's preview, an upgrade and its live
 * timeline, charts, sandbox, users, the audit export). No response the browser receives may contain the secrets.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@/lib/sandbox";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser } from "@/test/helpers/browser";
import { helm } from "@/test/helpers/helm-cli";
import { setUpAdmin } from "@/test/helpers/signin";

describe("kubeconfig credentials", () => {
  const token = `kube-token-${randomBytes(12).toString("hex")}`;
  const password = `kube-password-${randomBytes(12).toString("hex")}`;
  let sandbox: Sandbox;
  let dir: string;
  let kubeconfig: string;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const bodies: Array<{ url: string; text: string }> = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ timing: { podStartMs: 20, podRunMs: 50 } });
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-kube-credentials-"));
    kubeconfig = path.join(dir, "kubeconfig");
    const url = sandbox.url;
    await writeFile(
      kubeconfig,
      YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "prod", cluster: { server: url, "insecure-skip-tls-verify": true } }],
        users: [{ name: "deployer", user: { token } }, { name: "basic", user: { username: "deployer", password } }],
        contexts: [
          { name: "prod", context: { cluster: "prod", user: "deployer", namespace: "default" } },
          { name: "prod-basic", context: { cluster: "prod", user: "basic", namespace: "default" } },
        ],
        "current-context": "prod",
      }),
      { mode: 0o600 },
    );
    await helm(["install", "greeter", path.resolve("test/browser/charts/hello"), "-n", "default", "--set", "greeting=hi"], kubeconfig);
    app = await startApp({ KUBECONFIG: kubeconfig });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("response", async (response) => {
      try {
        bodies.push({ url: response.url(), text: await response.text() });
      } catch {
        // Redirects and aborted or streaming responses have no body to read here.
      }
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("are in no page, data call or stream the browser receives", async () => {
    await setUpAdmin(page, app.url);
    await page.getByRole("link", { name: "greeter" }).first().waitFor();
    await page.getByRole("link", { name: "greeter" }).first().click();
    await page.getByRole("region", { name: "History" }).waitFor();

    await page.getByRole("button", { name: "Upgrade", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: /^Upgrade greeter/ }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    await page.getByRole("region", { name: "Timeline" }).getByText(/succeeded|failed/).first().waitFor({ timeout: 60_000 });

    for (const route of ["/", "/charts", "/sandbox", "/admin/users", "/api/health"]) {
      await page.goto(app.url + route);
    }
    // The audit export is a download: fetched with the same session.
    const exported = await page.request.get(`${app.url}/api/audit/export`);
    expect(exported.status()).toBe(200);
    bodies.push({ url: `${app.url}/api/audit/export`, text: await exported.text() });
    const seen = bodies.filter((b) => b.url.startsWith(app.url));
    // The walk really went through the cluster: the release, its upgrade, and contexts of the user's kubeconfig.
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.some((b) => b.text.includes("greeter"))).toBe(true);
    expect(seen.some((b) => b.text.includes("prod-basic"))).toBe(true);
    for (const b of seen) {
      expect(b.text.includes(token), `token in ${b.url}`).toBe(false);
      expect(b.text.includes(password), `password in ${b.url}`).toBe(false);
    }
  }, 180_000);
});
