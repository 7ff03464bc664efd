// Issue #7's acceptance for operations, end to end: headless Chromium against the built app and its sandbox cluster.
// Upgrade the demo release from its release page (the dialog's hook plan and its values and manifest diffs, the live
// timeline operated with the keyboard, revision 2 by the user), then a failing backup (reason, logs, Job retained,
// release failed) and a rollback, then a hung backup cancelled from the timeline, each in the audit trail.
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser, RESULTS_DIR, screenshot, watchPage } from "@/test/helpers/browser";
import { setUpAdmin } from "@/test/helpers/signin";

const RELEASE_PAGE = "/releases/default/demo?context=hookline-sandbox";
const UTC_TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/;

describe("upgrading the demo release from the browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let seen: ReturnType<typeof watchPage>;

  async function sandboxServer(): Promise<string> {
    const kubeconfig = readFileSync(path.join(app.dataDir, "sandbox", "kubeconfig"), "utf8");
    return /server: (\S+)/.exec(kubeconfig)![1];
  }

  async function addScenario(action: "fail" | "hang", logs = "") {
    await page.goto(`${app.url}/sandbox`);
    const form = page.getByRole("form", { name: "New scenario" });
    await form.getByLabel("Hook name").fill("demo-db-backup");
    await form.getByLabel("Namespace").fill("default");
    await form.getByLabel("Behaviour").selectOption(action);
    if (logs) await form.getByLabel("Logs the hook prints").fill(logs);
    await form.getByRole("button", { name: "Add scenario" }).click();
    await page.getByText(`Job/demo-db-backup in default will ${action}`).waitFor();
  }

  /** The History table's rows, once the release page has streamed them in. */
  async function historyRows(): Promise<string[]> {
    const rows = page.getByRole("region", { name: "History" }).locator("tbody tr");
    await rows.first().waitFor();
    return rows.allInnerTexts();
  }

  async function upgradeWithReason(reason: string) {
    await page.goto(app.url + RELEASE_PAGE);
    await page.getByRole("button", { name: "Upgrade", exact: true }).click();
    await page.getByRole("dialog").getByLabel("Reason (kept in the audit trail)").fill(reason);
    await page.getByRole("dialog").getByRole("button", { name: /^Upgrade demo/ }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
  }

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    seen = watchPage(page);
    await setUpAdmin(page, app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("runs the pre-upgrade backup, applies, runs the smoke test, and records revision 2 by the user", async () => {
    await page.goto(app.url + RELEASE_PAGE);
    await page.getByRole("heading", { level: 1, name: /demo/ }).waitFor();
    await page.getByRole("button", { name: "Upgrade", exact: true }).click();

    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    // The keyboard lands in the dialog's first field.
    await page.waitForFunction(() => document.activeElement?.id === "op-values");
    // The confirmation shows the hook plan: the backup Job before the upgrade, the smoke test after it.
    const planned = await dialog.getByRole("region", { name: "Hook plan" }).locator("li").allInnerTexts();
    expect(planned).toHaveLength(2);
    expect(planned[0]).toMatch(/^pre-upgrade Job\/demo-db-backup · weight 5 · on success deleted \(hook-succeeded\), on failure retained/);
    expect(planned[1]).toMatch(/^post-upgrade Job\/demo-smoke-test/);

    // Before any edit the dialog already shows that the upgrade keeps the values as they are.
    const changes = dialog.getByRole("region", { name: "Upgrade diff" });
    await changes.getByText("No differences in values.").waitFor();
    // The plan shown is now the one the previewed values make.
    await dialog.getByRole("region", { name: "Hook plan" }).getByText("with the values below").waitFor();

    // New values: the values diff shows them over the current ones, the manifest diff what they change, hooks
    // included, and a new password only as a masked digest in both.
    await dialog
      .getByLabel("Values (YAML, over the release's current values)")
      .fill("web:\n  replicas: 3\nbackup:\n  duration: 8s\ndatabase:\n  password: brand-new-secret-42\n");
    await dialog.getByRole("button", { name: "Show changes" }).click();
    await dialog.locator('section[aria-label="Upgrade diff"][aria-busy="false"]').getByLabel("values diff").waitFor();
    const values = await changes.getByLabel("values diff").innerText();
    expect(values).toMatch(/^--- deployed/m);
    expect(values).toMatch(/^\+\+\+ revision 2/m);
    expect(values).toContain("+  replicas: 3");
    expect(values).toContain("+  duration: 8s");
    expect(values).toMatch(/\+  password: •••• masked \(sha256:[0-9a-f]{8}\)/);
    const manifest = await changes.getByLabel("manifest diff").innerText();
    expect(manifest).toContain("-  replicas: 2");
    expect(manifest).toContain("+  replicas: 3");
    // The backup hook's own manifest changes too (its sandbox duration): hooks are part of the diff.
    expect(manifest).toMatch(/-\s+sandbox\.hookline\.dev\/duration: "3s"\n\+\s+sandbox\.hookline\.dev\/duration: "8s"/);
    expect(manifest).toMatch(/\+\s+password: •••• masked/);
    const diffHtml = await changes.innerHTML();
    for (const secret of ["brand-new-secret-42", Buffer.from("brand-new-secret-42").toString("base64"), "demo-password-change-me"]) expect(diffHtml).not.toContain(secret);
    // (The viewport only: a full-page shot would show the page beyond the modal's backdrop.)
    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS_DIR, "upgrade-dialog.png") });

    await dialog.getByLabel("Reason (kept in the audit trail)").fill("scale out for the sale");
    await dialog.getByRole("button", { name: /^Upgrade demo/ }).click();

    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    const timeline = page.getByRole("region", { name: "Timeline" });
    // While the backup runs, its bar says so and its duration ticks; a reload picks the live timeline up again.
    const backupBar = timeline.getByRole("button", { name: /^Bar of Job\/demo-db-backup \(pre-upgrade\): running, / });
    await backupBar.waitFor({ timeout: 30_000 });
    const first = await backupBar.getAttribute("aria-label");
    await page.waitForTimeout(1_200);
    const later = await timeline.getByRole("button", { name: /^Bar of Job\/demo-db-backup/ }).getAttribute("aria-label");
    expect(later).not.toBe(first);
    await screenshot(page, "timeline-running");
    await page.reload();
    await timeline.getByText("succeeded", { exact: true }).first().waitFor({ timeout: 90_000 });

    // The hooks ran in the plan's order, each deleted by its hook-succeeded policy.
    const hooks = await timeline.getByRole("list", { name: "Hooks in order" }).locator("li").allInnerTexts();
    expect(hooks).toHaveLength(planned.length);
    expect(hooks[0]).toMatch(/pre-upgrade: Job\/demo-db-backup\s+succeeded · [\d.]+ s\s+deleted by hook-succeeded/);
    expect(hooks[1]).toMatch(/post-upgrade: Job\/demo-smoke-test\s+succeeded · [\d.]+ s\s+deleted by hook-succeeded/);
    const words = (text: string) => text.trim().split(/\s+/);
    expect(hooks.map((h) => words(h).slice(0, 2).join(" "))).toEqual(planned.map((p) => `${words(p)[0]}: ${words(p)[1]}`));
    // Lanes in the order the phases ran; the resources were applied between the two hook phases.
    const chart = await timeline.getByRole("group", { name: "Phases and hook bars" }).innerText();
    const order = ["pre-upgrade hooks", "apply resources", "post-upgrade hooks"].map((lane) => chart.indexOf(lane));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const resources = await timeline.getByRole("region", { name: "Resource changes" }).innerText();
    for (const object of ["Deployment/demo-web", "StatefulSet/demo-db", "Secret/demo-db", "Service/demo-web"]) {
      expect(resources).toMatch(new RegExp(`(created|updated) ${object} \\(default\\)`));
    }

    // The bars work with the keyboard: Tab reaches the first bar (with a visible focus ring), Enter opens the
    // hook's details as a click does, Space closes them, and the next bar opens with Space.
    await timeline.getByRole("heading", { level: 2 }).click();
    await page.keyboard.press("Tab");
    const focused = () => page.evaluate(() => ({ label: document.activeElement?.getAttribute("aria-label") ?? "", outline: getComputedStyle(document.activeElement!).outlineStyle }));
    const backup = await focused();
    expect(backup.label).toMatch(/^Bar of Job\/demo-db-backup \(pre-upgrade\): succeeded, ([89]|1\d)\.\d s, deleted by hook-succeeded$/);
    expect(backup.outline).not.toBe("none");
    await page.keyboard.press("Enter");
    const details = page.getByRole("region", { name: "Hook demo-db-backup" });
    await expect(details.innerText()).resolves.toMatch(/succeeded after ([89]|1\d)\.\d s[\s\S]*Deleted at \d\d:\d\d:\d\d UTC by its hook-succeeded delete policy\./);
    // Its output-log policy (none) asks for no logs on success, so none were copied.
    await details.getByText("No logs were captured.").waitFor();
    // What is left in the cluster: nothing, the policy deleted the Job and its pod...
    await expect(details.getByRole("group", { name: "Pod status" }).getByText("Job/demo-db-backup is not in the cluster any more").waitFor()).resolves.toBeUndefined();
    await expect(details.getByRole("group", { name: "Pod status" }).innerText()).resolves.toMatch(/its hook-succeeded delete policy deleted it at \d\d:\d\d:\d\d UTC/);
    // ...but what its pod did was recorded when the hook ended, before the deletion.
    const recorded = await details.getByRole("group", { name: "Status at the end of the hook" }).innerText();
    expect(recorded).toMatch(/recorded \d\d:\d\d:\d\d UTC/i);
    expect(recorded).toMatch(/Job complete[^\n]*\(0 active, 1 succeeded, 0 failed pods\)/);
    expect(recorded).toMatch(/pod demo-db-backup-\S+: Succeeded/);
    expect(recorded).toMatch(/backup: terminated \(\w+, exit code 0\)/);
    await expect(timeline.getByRole("button", { name: /^Bar of Job\/demo-db-backup/ }).getAttribute("aria-expanded")).resolves.toBe("true");
    await page.keyboard.press(" ");
    await details.waitFor({ state: "detached" });
    await page.keyboard.press("Tab");
    expect((await focused()).label).toMatch(/^Bar of Job\/demo-smoke-test \(post-upgrade\): succeeded/);
    await page.keyboard.press(" ");
    await page.getByRole("region", { name: "Hook demo-smoke-test" }).getByText("Job/demo-smoke-test is not in the cluster any more").waitFor();
    await screenshot(page, "timeline");

    await page.goto(app.url + RELEASE_PAGE);
    const history = await historyRows();
    expect(history[0]).toMatch(new RegExp(`^2\\tdeployed\\tdemo-1\\.0\\.0\\t${UTC_TIME.source}\\tadmin\\tUpgrade complete\\s*Reason: scale out for the sale\\s+timeline$`));
    expect(history[1]).toMatch(/^1\tsuperseded\t/);
    const audit = await page.getByRole("region", { name: "Audit trail" }).innerText();
    expect(audit).toMatch(new RegExp(`${UTC_TIME.source} — admin upgrade \\(revision 2\\): succeeded — scale out for the sale`));
    // The release page's values diff between the two revisions, masked as well.
    const revisionValues = await page.getByRole("region", { name: "Diff" }).getByLabel("values diff").innerText();
    expect(revisionValues).toContain("+  replicas: 3");
    expect(await page.content()).not.toContain("brand-new-secret-42");
    await screenshot(page, "release-after-upgrade");
  });

  it("fails the upgrade when the sandbox makes the backup fail, keeps the Job and its logs, and rolls back from the release page", async () => {
    await addScenario("fail", "pg_dump: error: connection to server on socket failed");
    await screenshot(page, "sandbox");

    await upgradeWithReason("upgrade while the database is down");
    const timeline = page.getByRole("region", { name: "Timeline" });
    await timeline.getByText("failed", { exact: true }).first().waitFor({ timeout: 90_000 });

    // The timeline says why, and the failed hook kept its logs and its Job (no hook-failed policy).
    await expect(timeline.getByRole("alert").innerText()).resolves.toMatch(/pre-upgrade hooks failed: .*demo-db-backup/);
    const hooks = await timeline.getByRole("list", { name: "Hooks in order" }).locator("li").allInnerTexts();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatch(/pre-upgrade: Job\/demo-db-backup\s+failed · [\d.]+ s\s+retained: no hook-failed delete policy/);
    await timeline.getByRole("button", { name: "pre-upgrade: Job/demo-db-backup" }).click();
    const details = page.getByRole("region", { name: "Hook demo-db-backup" });
    await expect(details.innerText()).resolves.toContain("pg_dump: error: connection to server on socket failed");
    await expect(details.innerText()).resolves.toMatch(/Kept at \d\d:\d\d:\d\d UTC: no hook-failed delete policy\./);
    // The Job is still in the cluster, failed, and the details read its state from there.
    await details.getByRole("group", { name: "Pod status" }).getByText(/^Job failed/).waitFor();
    await expect(details.getByRole("group", { name: "Pod status" }).innerText()).resolves.toMatch(/pod demo-db-backup\S*: Failed/);
    // The status recorded when the hook ended says the same, with the exit code.
    const recorded = await details.getByRole("group", { name: "Status at the end of the hook" }).innerText();
    expect(recorded).toMatch(/^Job failed/m);
    expect(recorded).toMatch(/pod demo-db-backup-\S+: Failed/);
    expect(recorded).toMatch(/backup: terminated \(\w+, exit code 1\)/);
    await screenshot(page, "timeline-failed");
    expect((await fetch(`${await sandboxServer()}/apis/batch/v1/namespaces/default/jobs/demo-db-backup`)).status).toBe(200);

    await page.goto(app.url + RELEASE_PAGE);
    let history = await historyRows();
    expect(history[0]).toMatch(/^3\tfailed\t.*admin\tUpgrade "demo" failed: pre-upgrade hooks failed/);
    expect(history[1]).toMatch(/^2\tdeployed\t/);
    await expect(page.getByRole("region", { name: "Audit trail" }).innerText()).resolves.toMatch(/admin upgrade \(revision \d+\): failed — upgrade while the database is down — .*pre-upgrade hooks failed/);

    await page.getByRole("button", { name: "Rollback", exact: true }).click();
    await page.waitForFunction(() => document.activeElement?.id === "op-revision");
    await page.getByRole("dialog").getByLabel("Roll back to revision").selectOption("2");
    await page.getByRole("dialog").getByRole("button", { name: /^Rollback demo/ }).click();
    await page.waitForURL(/\/operations\/[0-9a-f-]{36}$/);
    await page.getByRole("region", { name: "Timeline" }).getByText("succeeded", { exact: true }).first().waitFor({ timeout: 90_000 });

    await page.goto(app.url + RELEASE_PAGE);
    history = await historyRows();
    expect(history[0]).toMatch(/^4\tdeployed\t.*admin\tRollback to 2/);
    expect(history.slice(1).map((row) => row.split("\t").slice(0, 2).join(" "))).toEqual(["3 failed", "2 superseded", "1 superseded"]);
    await screenshot(page, "release");
  });

  it("cancels an upgrade whose backup hangs, and the release and audit trail say so", async () => {
    // The failed backup Job kept as evidence would block the next backup (no before-hook-creation policy): an
    // operator who has read its logs deletes it, as with kubectl.
    const deleted = await fetch(`${await sandboxServer()}/apis/batch/v1/namespaces/default/jobs/demo-db-backup?propagationPolicy=Background`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    await addScenario("hang");
    await upgradeWithReason("try during the maintenance window");
    const timeline = page.getByRole("region", { name: "Timeline" });
    await timeline.getByRole("button", { name: /^Bar of Job\/demo-db-backup \(pre-upgrade\): running/ }).waitFor({ timeout: 30_000 });
    await timeline.getByRole("button", { name: "Cancel operation" }).click();
    await timeline.getByText("cancelled", { exact: true }).first().waitFor({ timeout: 60_000 });
    await expect(timeline.getByRole("alert").innerText()).resolves.toMatch(/cancel/i);

    await page.goto(app.url + RELEASE_PAGE);
    const history = (await historyRows())[0];
    expect(history).toMatch(/^5\tfailed\t.*admin\t/);
    const audit = await page.getByRole("region", { name: "Audit trail" }).innerText();
    expect(audit).toMatch(/admin cancel: succeeded/);
    expect(audit).toMatch(/admin upgrade \(revision \d+\): cancelled — try during the maintenance window/);
    expect(seen.errors).toEqual([]);
    expect(seen.outside).toEqual([]);
  });
});
