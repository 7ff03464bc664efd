// The chart page's Install / "Upgrade with this chart" dialog follows the signed-in operator's grants, against the
// built app on a kubeconfig with two contexts (both the in-process sandbox cluster): an operator granted one
// namespace in one context is offered only that context and that namespace, the server still refuses once the
// grant is gone, and an operator without grants sees the buttons disabled with the reason.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { createUser } from "@/lib/auth/accounts";
import { createDb, type Db } from "@/lib/db/client";
import { startSandbox, type Sandbox } from "@/lib/sandbox";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser, screenshot, watchPage } from "@/test/helpers/browser";
import { signIn } from "@/test/helpers/signin";

const ANA = { username: "ana", password: "operator password 1" };
const OTTO = { username: "otto", password: "operator password 2" };

/** A kubeconfig whose contexts `dev` and `prod` both reach the sandbox. */
function twoContextKubeconfig(url: string): string {
  const context = (name: string) => ({ name, context: { cluster: "sandbox", user: "sandbox", namespace: "default" } });
  return YAML.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "sandbox", cluster: { server: url, "insecure-skip-tls-verify": true } }],
    users: [{ name: "sandbox", user: { token: "hookline-sandbox" } }],
    contexts: [context("dev"), context("prod")],
    "current-context": "dev",
  });
}

describe("the deploy dialog and an operator's grants", () => {
  let sandbox: Sandbox;
  let tmp: string;
  let app: RunningApp;
  let browser: Browser;
  let database: Db;
  let chartId: string;
  let anaId: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    tmp = await mkdtemp(path.join(os.tmpdir(), "hookline-deploy-grants-"));
    const kubeconfig = path.join(tmp, "kubeconfig");
    await writeFile(kubeconfig, twoContextKubeconfig(sandbox.url), { mode: 0o600 });
    app = await startApp({ KUBECONFIG: kubeconfig, HOOKLINE_DEMO: "0" });
    const file = path.join(app.dataDir, "hookline.db");
    database = createDb({ dialect: "sqlite", file, url: `file:${file}` });
    anaId = (await createUser(database, { ...ANA, role: "operator" })).id;
    await database.userGrant.create({ data: { userId: anaId, context: "prod", namespace: "team-a" } });
    await createUser(database, { ...OTTO, role: "operator" });
    const files = {
      "Chart.yaml": "apiVersion: v2\nname: granted\nversion: 0.1.0\n",
      "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  ns: {{ .Release.Namespace }}\n",
    };
    const chart = await database.chart.create({
      data: { name: "granted", version: "0.1.0", source: "upload", files: { create: Object.entries(files).map(([p, text]) => ({ path: p, content: Buffer.from(text) })) } },
    });
    chartId = chart.id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await database?.$disconnect();
    await app?.stop();
    await sandbox?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("offers an operator only its granted context and namespace, and the server refuses once the grant is gone", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const seen = watchPage(page);
    await signIn(page, app.url, ANA);
    await page.goto(`${app.url}/charts/${chartId}`);
    await page.getByRole("button", { name: "Install", exact: true }).click();
    const dialog = page.getByRole("dialog");
    const context = dialog.getByLabel("Context");
    const namespace = dialog.getByLabel("Namespace");
    expect(await context.locator("option").allInnerTexts()).toEqual(["prod"]);
    // No "*" namespace is granted: a choice among the granted ones, starting with team-a (not "default").
    expect(await namespace.evaluate((el) => el.tagName)).toBe("SELECT");
    expect(await namespace.locator("option").allInnerTexts()).toEqual(["team-a"]);
    expect(await namespace.inputValue()).toBe("team-a");
    await screenshot(page, "deploy-dialog-granted-namespace");

    // What the dialog offers is UX only: with the grant removed meanwhile, the server refuses and the dialog says so.
    await database.userGrant.deleteMany({ where: { userId: anaId } });
    await dialog.getByRole("button", { name: "Install", exact: true }).click();
    await dialog.getByRole("alert").getByText("You have no grant for namespace team-a in context prod.").waitFor();

    await database.userGrant.create({ data: { userId: anaId, context: "prod", namespace: "team-a" } });
    await dialog.getByRole("button", { name: "Install", exact: true }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    const operation = await database.operation.findFirst({ where: { releaseName: "granted" }, select: { context: true, namespace: true } });
    expect(operation).toEqual({ context: "prod", namespace: "team-a" });
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it("disables the buttons for an operator without grants and says why", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, app.url, OTTO);
    await page.goto(`${app.url}/charts/${chartId}`);
    await page.getByText("No namespace is granted to you for deploying; ask an admin.").waitFor();
    for (const name of ["Install", "Upgrade with this chart"]) {
      expect(await page.getByRole("button", { name, exact: true }).isDisabled(), name).toBe(true);
    }
    expect(await page.locator("dialog").count()).toBe(0);
    await screenshot(page, "deploy-buttons-without-grants");
    await page.close();
  });
});
