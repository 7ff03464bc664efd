// The chart workspace in headless Chromium against the built app: import charts (a .tgz, and a hostile one),
// edit a value in Monaco and watch the live preview follow, write a hook under `annotation:` (singular) and see
// the lint marker, save, and read the file's history.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { pack } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser, screenshot, watchPage } from "@/test/helpers/browser";
import { helm } from "@/test/helpers/helm-cli";
import { createUser } from "@/lib/auth/accounts";
import { createDb } from "@/lib/db/client";

const CHART_DIR = path.join(process.cwd(), "test", "browser", "charts", "workspace-demo");
const PASSWORD = "correct horse battery";

/** A .tgz of `entries` (archive path → content), as `helm package` lays it out. */
async function signInAs(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/signin`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
}

async function tgz(entries: Record<string, string>): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (c) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => tar.on("end", () => resolve()));
  for (const [name, content] of Object.entries(entries)) tar.entry({ name }, content);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

function chartEntries(dir: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, chartEntries(full, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(full, "utf8");
  }
  return out;
}


const HOOK_WITH_SINGULAR_ANNOTATION = [
  "apiVersion: batch/v1",
  "kind: Job",
  "metadata:",
  "  name: {{ .Release.Name }}-seed",
  "  annotation:",
  '    "helm.sh/hook": post-install',
  "spec:",
  "  backoffLimit: 0",
  "  template:",
  "    spec:",
  "      restartPolicy: Never",
  "      containers:",
  "        - name: seed",
  "          image: busybox:1.36",
  "",
].join("\n");

describe("the chart workspace in headless Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    tmp = path.join(os.tmpdir(), `hookline-workspace-${process.pid}`);
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, "workspace-demo-0.1.0.tgz"), await tgz(chartEntries(CHART_DIR, "workspace-demo/")));
    await writeFile(path.join(tmp, "evil.tgz"), await tgz({ "evil/Chart.yaml": "apiVersion: v2\nname: evil\nversion: 1.0.0\n", "evil/../../etc/cron.d/x": "boom" }));
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("imports a chart, previews edits live, marks a misplaced hook annotation, and saves with history", async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const seen = watchPage(page);

    // First-run setup makes the admin account and signs in.
    await page.goto(app.url + "/");
    await page.waitForURL(/\/setup$/);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create admin account" }).click();
    await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Charts" }).click();
    await page.getByRole("heading", { level: 1, name: "Charts" }).waitFor();
    await page.getByText("No charts in the workspace yet.").waitFor();

    // An archive with an entry leaving the chart is refused, naming the entry; nothing is stored.
    const archiveForm = page.getByRole("form", { name: "Upload a chart archive" });
    await archiveForm.getByLabel(/Chart archive/).setInputFiles(path.join(tmp, "evil.tgz"));
    await archiveForm.getByRole("button", { name: "Import archive" }).click();
    const refusal = archiveForm.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/The chart was not imported: .*evil\.tgz.*\.\.\/\.\.\/etc\/cron\.d\/x/);
    await page.getByText("No charts in the workspace yet.").waitFor();

    await archiveForm.getByLabel(/Chart archive/).setInputFiles(path.join(tmp, "workspace-demo-0.1.0.tgz"));
    await archiveForm.getByRole("button", { name: "Import archive" }).click();
    await page.waitForURL(/\/charts\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: /workspace-demo/ }).waitFor();

    // The editor (bundled Monaco) opens values.yaml; the preview renders it in the worker, secrets masked.
    const editor = page.getByRole("region", { name: "Editor" });
    const preview = page.getByRole("region", { name: "Preview" });
    await editor.locator(".monaco-editor .view-lines").waitFor();
    await expect(editor.getByRole("heading", { level: 2 }).innerText()).resolves.toBe("values.yaml");
    await preview.getByText(/Rendered in \d+ ms/).waitFor({ timeout: 60_000 });
    const greeting = preview.getByRole("figure", { name: "Rendered templates/configmap.yaml" });
    await greeting.getByText('greeting: "hello"').waitFor();
    const secret = await preview.getByRole("figure", { name: "Rendered templates/secret.yaml" }).innerText();
    expect(secret).toMatch(/password: •••• masked \(sha256:[0-9a-f]{8}\)/);
    // (values.yaml itself is chart source the user edits, so only the rendered Secret is masked.)
    expect(secret).not.toContain("s3cr3t-demo");

    // Edit a value by typing in Monaco: the first line becomes `greeting: bonjour`.
    await editor.locator(".monaco-editor .view-lines").click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("End");
    for (let i = 0; i < "hello".length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.type("bonjour");
    await greeting.getByText('greeting: "bonjour"').waitFor();
    await expect(page.getByRole("button", { name: "values.yaml" }).getByLabel("unsaved changes").count()).resolves.toBe(1);

    // A value the schema refuses is marked in values.yaml.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("End");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("many");
    await page.getByRole("button", { name: /values\.yaml.*1 error/ }).waitFor();
    await editor.locator(".squiggly-error").first().waitFor();
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("2");
    await editor.locator(".squiggly-error").first().waitFor({ state: "detached" });

    // The hook plan shows the chart's hook per event.
    // (By keyboard: arrow keys move between the preview's tabs.)
    await preview.getByRole("tab", { name: "Manifests" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(preview.getByRole("tab", { name: "Hook plan" }).getAttribute("aria-selected")).resolves.toBe("true");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Hook plan");
    const plan = preview.getByRole("region", { name: "Hook plan" });
    await plan.getByText("pre-install").first().waitFor();
    expect(await plan.innerText()).toMatch(/weight, then by name, then by kind/);
    const preInstall = await plan.locator("table").first().locator("tbody tr").allInnerTexts();
    expect(preInstall).toHaveLength(1);
    expect(preInstall[0]).toMatch(/^1\t-5\tJob\tpreview-migrate\tbefore-hook-creation, hook-succeeded\twaited\tdeleted \(hook-succeeded\)\tretained$/);

    // Write a hook under `annotation:` (singular): the lint marks the line in the editor and lists the finding.
    await page.getByLabel("New file").fill("templates/seed-job.yaml");
    await page.getByRole("button", { name: "Add file" }).click();
    await expect(editor.getByRole("heading", { level: 2 }).innerText()).resolves.toBe("templates/seed-job.yaml");
    await editor.locator(".monaco-editor .view-lines").click();
    // Pasted, as one would paste a hook: typed line by line, Monaco's auto-indent would re-indent every line.
    await editor.locator(".monaco-editor textarea").evaluate((textarea, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      textarea.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, HOOK_WITH_SINGULAR_ANNOTATION);
    await page.getByRole("button", { name: /seed-job\.yaml.*1 error/ }).waitFor();
    // Go-template actions inside the YAML get the helm-template colours (delimiters violet, fields amber).
    const colour = (text: RegExp) =>
      editor
        .locator(".view-line span span")
        .filter({ hasText: text })
        .first()
        .evaluate((el) => getComputedStyle(el).color);
    await expect(colour(/^\{\{$/)).resolves.toBe("rgb(124, 58, 237)");
    await expect(colour(/^\.Release\.Name$/)).resolves.toBe("rgb(180, 83, 9)");
    const squiggle = editor.locator(".squiggly-error");
    await squiggle.first().waitFor();
    await preview.getByRole("tab", { name: /Lint/ }).click();
    const finding = preview.getByRole("list", { name: "Lint findings" }).getByRole("listitem").filter({ hasText: "misplaced-helm-annotation" });
    await finding.waitFor();
    expect(await finding.innerText()).toContain("templates/seed-job.yaml:6:5");
    expect(await finding.innerText()).toContain("a misspelling of metadata.annotations");
    await screenshot(page, "workspace");
    // Hovering the squiggle shows the marker's message.
    await squiggle.first().hover({ force: true }); // (decorations lie under the text layer)
    await page.locator(".monaco-hover").getByText(/misspelling of metadata\.annotations/).first().waitFor();
    await page.mouse.move(0, 0);
    await page.keyboard.press("Escape");
    await page.locator(".monaco-hover").first().waitFor({ state: "hidden" });

    // Save both files, then the history lists the import and the save.
    await page.getByLabel("Save message").fill("bonjour and a seed hook");
    await page.getByRole("button", { name: "Save (2)" }).click();
    await page.getByText("Saved 2 file(s).").waitFor();
    await page.getByRole("button", { name: "values.yaml" }).click();
    const history = page.getByRole("region", { name: "File history" });
    await history.getByText("bonjour and a seed hook").waitFor();
    expect(await history.getByRole("listitem").count()).toBe(2);
    await history.getByText("imported (upload)").waitFor();

    // The saved draft is what the page serves after a reload.
    await page.reload();
    await editor.locator(".monaco-editor .view-lines").waitFor();
    await preview.getByRole("figure", { name: "Rendered templates/configmap.yaml" }).getByText('greeting: "bonjour"').waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: /seed-job\.yaml/ }).waitFor();

    expect(seen.outside).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });
  it("imports a chart folder and the chart of a deployed release, and survives a hostile template", async () => {
    const kubeconfig = path.join(app.dataDir, "sandbox", "kubeconfig");
    await helm(["install", "greeter", path.join(process.cwd(), "test", "browser", "charts", "hello"), "-n", "team-a", "--create-namespace", "--set", "greeting=hi"], kubeconfig);

    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const seen = watchPage(page);
    await page.goto(`${app.url}/signin`);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();

    // A folder upload: every file with its path relative to the chosen folder.
    await page.goto(`${app.url}/charts`);
    const folderForm = page.getByRole("form", { name: "Upload a chart folder" });
    await folderForm.getByLabel(/Chart folder/).setInputFiles(CHART_DIR);
    await folderForm.getByRole("button", { name: "Import folder" }).click();
    await page.waitForURL(/\/charts\/[0-9a-f-]{36}$/);
    for (const file of ["templates/configmap.yaml", "templates/migrate-job.yaml", "values.schema.json", "Chart.yaml"]) {
      await page.getByRole("navigation", { name: "Chart files" }).locator(`[data-path="${file}"]`).waitFor();
    }

    // The chart stored in a deployed release.
    await page.goto(`${app.url}/charts`);
    const releaseForm = page.getByRole("form", { name: "Import from a release" });
    await releaseForm.getByLabel("Release namespace").fill("team-a");
    await releaseForm.getByLabel("Release name", { exact: true }).fill("nobody");
    await releaseForm.getByRole("button", { name: "Import from release" }).click();
    await releaseForm.getByText("No release nobody in namespace team-a").waitFor();
    // What was typed survives the refused attempt.
    await expect(releaseForm.getByLabel("Release namespace").inputValue()).resolves.toBe("team-a");
    await releaseForm.getByLabel("Release name", { exact: true }).fill("greeter");
    await releaseForm.getByRole("button", { name: "Import from release" }).click();
    await page.waitForURL(/\/charts\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: /hello/ }).waitFor();
    const preview = page.getByRole("region", { name: "Preview" });
    // The stored chart's defaults, not the release's --set values, are the chart's values.yaml.
    await preview.getByRole("figure", { name: "Rendered templates/configmap.yaml" }).getByText('greeting: "hello"').waitFor({ timeout: 60_000 });

    // A template that would loop for ever is stopped by the render limits; fixing it brings the preview back.
    await page.getByRole("button", { name: "configmap.yaml" }).click();
    const editor = page.getByRole("region", { name: "Editor" });
    await expect(editor.getByRole("heading", { level: 2 }).innerText()).resolves.toBe("templates/configmap.yaml");
    await editor.locator(".monaco-editor .view-lines").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}");
    await preview.getByRole("alert").filter({ hasText: "Stopped by the preview's limits" }).waitFor();
    await editor.locator(".monaco-editor .view-lines").click();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await page.keyboard.type("kind: ConfigMap\napiVersion: v1\nmetadata: {name: fixed}\n");
    await preview.getByRole("figure", { name: "Rendered templates/configmap.yaml" }).getByText("name: fixed").waitFor({ timeout: 60_000 });

    // Forty 4096-bit RSA keys used to keep the worker busy past the watchdog; the engine now reads its clock right
    // after every slow call, so its own deadline stops them and the worker keeps running (the watchdog that restarts
    // a worker stuck inside one call is tested in test/workspace/preview-runner.test.ts).
    await editor.locator(".monaco-editor .view-lines").click();
    await page.keyboard.press("Control+End");
    await editor.locator(".monaco-editor textarea").evaluate((textarea, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      textarea.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, `keys: {{ range until 40 }}{{ genPrivateKey "rsa" | len }}{{ end }}\n`);
    await preview.getByRole("alert").filter({ hasText: "Stopped by the preview's limits" }).waitFor({ timeout: 60_000 });
    await page.keyboard.press("Control+z");
    await preview.getByText(/Rendered in \d+ ms/).waitFor({ timeout: 60_000 });
    expect(await preview.getByText(/worker restarts/).count()).toBe(0);
    await preview.getByRole("figure", { name: "Rendered templates/configmap.yaml" }).getByText("name: fixed").waitFor();

    await page.goto(`${app.url}/charts`);
    const rows = await page.getByRole("region", { name: "Charts list" }).locator("tbody tr").allInnerTexts();
    expect(rows.map((r) => r.split("\t").slice(0, 3))).toEqual([
      ["hello", "0.3.1", "release"],
      ["workspace-demo", "0.1.0", "upload"],
      ["workspace-demo", "0.1.0", "upload"],
    ]);
    expect(seen.outside).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });
  it("lets a viewer read charts but not edit them, and refuses a save on the server once the role is gone", async () => {
    const database = createDb({ dialect: "sqlite", file: path.join(app.dataDir, "hookline.db"), url: `file:${path.join(app.dataDir, "hookline.db")}` });
    await createUser(database, { username: "vera", password: "viewer password 1", role: "viewer" });
    const olaf = await createUser(database, { username: "olaf", password: "operator password 1", role: "operator" });

    const viewer = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInAs(viewer, app.url, "vera", "viewer password 1");
    await viewer.goto(`${app.url}/charts`);
    await viewer.getByText("Your role (viewer) may read charts").waitFor();
    expect(await viewer.getByRole("region", { name: "Import chart" }).count()).toBe(0);
    await viewer.getByRole("region", { name: "Charts list" }).getByRole("link", { name: "hello" }).click();
    await viewer.getByText("Read-only: your role may not edit charts.").waitFor();
    await viewer.getByRole("region", { name: "Preview" }).getByText(/Rendered in \d+ ms/).waitFor({ timeout: 60_000 });
    expect(await viewer.getByRole("button", { name: /^Save/ }).count()).toBe(0);
    await viewer.close();

    // An operator opens the editor, then loses the role: the server refuses the save, whatever the page shows.
    const operator = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInAs(operator, app.url, "olaf", "operator password 1");
    await operator.goto(`${app.url}/charts`);
    await operator.getByRole("region", { name: "Charts list" }).getByRole("link", { name: "hello" }).click();
    const editor = operator.getByRole("region", { name: "Editor" });
    await editor.locator(".monaco-editor .view-lines").click();
    await operator.keyboard.press("Control+End");
    await operator.keyboard.type("extra: 1\n");
    await database.user.update({ where: { id: olaf.id }, data: { role: "viewer" } });
    await operator.getByRole("button", { name: "Save (1)" }).click();
    await editor.getByRole("alert").getByText("Your role (viewer) may not install.").waitFor();
    const denied = await database.auditEntry.findMany({ where: { actorName: "olaf", result: "denied" } });
    expect(denied.map((a) => a.action)).toEqual(["install"]);
    await operator.close();
    await database.$disconnect();
  });

  it("diffs the draft of the demo release's chart against its deployed revision, hooks included and secrets masked", async () => {
    // An admin of its own, so that this test also runs alone (`-t`).
    const users = createDb({ dialect: "sqlite", file: path.join(app.dataDir, "hookline.db"), url: `file:${path.join(app.dataDir, "hookline.db")}` });
    await createUser(users, { username: "dina", password: "differ password 1", role: "admin" });
    await users.$disconnect();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const seen = watchPage(page);
    await signInAs(page, app.url, "dina", "differ password 1");
    await page.goto(`${app.url}/charts`);
    const releaseForm = page.getByRole("form", { name: "Import from a release" });
    await releaseForm.getByLabel("Release namespace").fill("default");
    await releaseForm.getByLabel("Release name", { exact: true }).fill("demo");
    await releaseForm.getByRole("button", { name: "Import from release" }).click();
    await page.waitForURL(/\/charts\/[0-9a-f-]{36}$/);

    // values.yaml opens first: replace it with the demo chart's own values.yaml, web.replicas changed (pasted: typed
    // line by line, Monaco would re-indent).
    const editor = page.getByRole("region", { name: "Editor" });
    const preview = page.getByRole("region", { name: "Preview" });
    await editor.locator(".monaco-editor .view-lines").waitFor();
    await expect(editor.getByRole("heading", { level: 2 }).innerText()).resolves.toBe("values.yaml");
    const demoValues = readFileSync(path.join(process.cwd(), "charts", "demo", "values.yaml"), "utf8");
    expect(demoValues).toContain("  replicas: 2\n");
    const replaceValues = async (replicas: number) => {
      // Near the top left: the centre may be under Monaco's overview ruler.
      await editor.locator(".monaco-editor .view-lines").click({ position: { x: 40, y: 8 } });
      await page.keyboard.press("Control+a");
      await editor.locator(".monaco-editor textarea").evaluate((textarea, text) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        textarea.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      }, demoValues.replace("  replicas: 2\n", `  replicas: ${replicas}\n`));
    };
    await replaceValues(3);

    // The target is the release the chart came from: the Deployment's replicas differ, and so does the pre-upgrade
    // backup hook, which names its file after the revision the upgrade would make.
    await preview.getByRole("tab", { name: "Diff" }).click();
    await preview.getByTestId("diff-target").getByText(/^Against (\S+: )?default\/demo revision 1 \(demo-/).waitFor({ timeout: 60_000 });
    const web = preview.getByRole("figure", { name: /^Diff of .*templates\/web\.yaml$/ });
    await web.getByText("+  replicas: 3").waitFor({ timeout: 60_000 });
    await web.getByText("-  replicas: 2").waitFor();
    expect(await web.locator("figcaption").innerText()).toMatch(/changed\s+\+1 −1/);
    const backup = preview.getByRole("figure", { name: /^Diff of .*templates\/hook-backup\.yaml \(hook\)$/ });
    await backup.getByText("-          backup written to /backups/demo-rev1.sql.gz").waitFor();
    await backup.getByText("+          backup written to /backups/demo-rev2.sql.gz").waitFor();
    await expect(preview.getByTestId("diff-summary").innerText()).resolves.toMatch(/^2 file\(s\) differ \+3 −3$/);

    // The diff follows the draft.
    await replaceValues(4);
    await web.getByText("+  replicas: 4").waitFor({ timeout: 60_000 });

    // Unchanged files, hooks among them, are listed too; the database Secret's data is masked.
    const panel = preview.getByRole("tabpanel");
    await panel.locator("summary").filter({ hasText: /templates\/hook-smoke-test\.yaml \(hook\)$/ }).waitFor();
    await panel.locator("summary").filter({ hasText: /templates\/database\.yaml$/ }).click();
    const database = await panel.getByLabel(/^Deployed .*templates\/database\.yaml$/).innerText();
    expect(database).toMatch(/kind: Secret[\s\S]*password: •••• masked \(sha256:[0-9a-f]{8}\)/);
    const everything = await panel.innerText();
    for (const secret of ["demo-password-change-me", Buffer.from("demo-password-change-me").toString("base64")]) expect(everything).not.toContain(secret);

    // Another target, picked in the tab: a missing release is an error, and the choice is remembered for this chart.
    await panel.getByRole("button", { name: "Change target" }).click();
    const target = panel.getByRole("form", { name: "Diff target" });
    await target.getByLabel("Namespace").fill("default");
    await target.getByLabel("Release").fill("nobody");
    await target.getByRole("button", { name: "Compare" }).click();
    await panel.getByRole("alert").getByText("No release nobody in namespace default.").waitFor({ timeout: 60_000 });
    await page.reload();
    await preview.getByRole("tab", { name: "Diff" }).click();
    await preview.getByTestId("diff-target").getByText(/^Against default\/nobody,/).waitFor();

    // An uploaded chart has no release to compare with until one is picked.
    await page.goto(`${app.url}/charts`);
    await page.getByRole("form", { name: "Upload a chart folder" }).getByLabel(/Chart folder/).setInputFiles(CHART_DIR);
    await page.getByRole("form", { name: "Upload a chart folder" }).getByRole("button", { name: "Import folder" }).click();
    await page.waitForURL(/\/charts\/[0-9a-f-]{36}$/);
    await preview.getByRole("tab", { name: "Diff" }).click();
    await panel.getByText("Pick the deployed release this chart would upgrade.", { exact: false }).waitFor();
    await panel.getByRole("form", { name: "Diff target" }).waitFor();
    expect(await panel.getByRole("figure").count()).toBe(0);
    expect(seen.outside).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});
