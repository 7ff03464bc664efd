/**
 * The acceptance test of safe rendering, against the built app started as `npm start` starts it: releases whose stored
 * charts are hostile are opened in the upgrade preview (the release page's server action, over HTTP, as the dialog
 * calls it). Each preview ends in a clear error within its limit — the template engine's, or the render pool's hard
 * deadline and memory cap — while, at the same time, /api/health, the Releases page, a normal release's page (which
 * plans its upgrade) and a normal preview are answered promptly.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartFromFileMap } from "@/lib/chart";
import { createKubeClient } from "@/lib/kube";
import { chartRecord } from "@/lib/lifecycle/hookline-renderer";
import { createReleaseStore, releaseSchema } from "@/lib/release";
import { startApp, type RunningApp } from "@/test/helpers/app-server";
import { launchBrowser } from "@/test/helpers/browser";
import { ADMIN } from "@/test/helpers/signin";
import { DEFUSED_CHARTS, HOSTILE_CHARTS, hostileChartFiles } from "@/test/helpers/hostile-charts";

const NAMESPACE = "hostile";
const CONTEXT = "hookline-sandbox";
const MEMORY_MB = 256;
/** The preview's render deadline (app/_server/upgrade-preview.ts) and the pool's grace beyond it. */
const PREVIEW_DEADLINE_MS = 10_000;
const POOL_GRACE_MS = 2_000;
/** Generous for a loaded 2-core CI machine. */
const PROMPT_MS = 2_000;

const NORMAL_CHART = {
  "Chart.yaml": "apiVersion: v2\nname: shop\nversion: 1.2.3\n",
  "values.yaml": "replicas: 2\n",
  "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  replicas: {{ .Values.replicas | quote }}\n",
  "templates/migrate.yaml":
    'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n  annotations:\n    "helm.sh/hook": pre-upgrade\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{ name: m, image: busybox }]\n',
};

type Preview = { ok: true; revision: number; manifest: { before: string; after: string } } | { ok: false; error: string };

/** A React Flight response, cut into its rows: `id:JSON\n`, or `id:T<hex byte length>,<text>` for long strings. */
function flightRows(body: Buffer): Map<string, unknown> {
  const rows = new Map<string, unknown>();
  let i = 0;
  while (i < body.length) {
    const colon = body.indexOf(0x3a, i);
    if (colon < 0) break;
    const id = body.subarray(i, colon).toString();
    if (body[colon + 1] === 0x54 /* T */) {
      const comma = body.indexOf(0x2c, colon);
      const length = parseInt(body.subarray(colon + 2, comma).toString(), 16);
      rows.set(id, body.subarray(comma + 1, comma + 1 + length).toString());
      i = comma + 1 + length;
      continue;
    }
    const newline = body.indexOf(0x0a, colon);
    const end = newline < 0 ? body.length : newline;
    const text = body.subarray(colon + 1, end).toString();
    try {
      rows.set(id, JSON.parse(text));
    } catch {
      rows.set(id, text);
    }
    i = end + 1;
  }
  return rows;
}

function resolveFlight(value: unknown, rows: Map<string, unknown>): unknown {
  if (typeof value === "string" && value.startsWith("$")) {
    if (value.startsWith("$$")) return value.slice(1);
    const ref = /^\$@?([0-9a-f]+)$/.exec(value);
    return ref ? resolveFlight(rows.get(ref[1]), rows) : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveFlight(v, rows));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveFlight(v, rows)]));
  return value;
}

/** The id Next.js gave the `previewUpgradeDiff` server action, from the client bundle that calls it. */
async function previewActionId(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, { exportedName?: string; filename?: string }>; exportedName?: string; filename?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    const names = [entry.exportedName, ...Object.values(entry.workers).map((w) => w.exportedName)];
    if (names.includes("previewUpgradeDiff")) return id;
  }
  // Older manifests carry no names: find the reference in the client chunks.
  for (const dir of [path.join(".next", "static", "chunks")]) {
    for (const file of await readdir(dir, { recursive: true })) {
      if (!String(file).endsWith(".js")) continue;
      const text = await readFile(path.join(dir, String(file)), "utf8");
      const m = /createServerReference\)?\(\s*"([0-9a-f]{40,})"[^)]*"previewUpgradeDiff"/.exec(text);
      if (m) return m[1];
    }
  }
  throw new Error("the previewUpgradeDiff server action is not in the build");
}

describe("hostile charts in the built app", () => {
  let app: RunningApp;
  let cookie = "";
  let actionId = "";

  beforeAll(async () => {
    app = await startApp({
      HOOKLINE_ADMIN_PASSWORD: ADMIN.password,
      HOOKLINE_DEMO: "0",
      HOOKLINE_RENDER_WORKERS: "3",
      HOOKLINE_RENDER_WORKER_MEMORY_MB: String(MEMORY_MB),
    });
    actionId = await previewActionId();

    const client = createKubeClient({ kubeconfigPath: path.join(app.dataDir, "sandbox", "kubeconfig") });
    await client.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } }).catch(() => undefined);
    const store = createReleaseStore({ namespace: NAMESPACE, client });
    const now = new Date().toISOString();
    const charts: Array<[string, Record<string, string>]> = [["normal", NORMAL_CHART], ...[...HOSTILE_CHARTS, ...DEFUSED_CHARTS].map((c) => [c.id, hostileChartFiles(c)] as [string, Record<string, string>])];
    for (const [name, files] of charts) {
      const chart = await loadChartFromFileMap(files);
      await store.create(
        releaseSchema.parse({
          name,
          namespace: NAMESPACE,
          version: 1,
          chart: chartRecord(chart),
          config: {},
          manifest: "",
          hooks: [],
          info: { status: "deployed", first_deployed: now, last_deployed: now, description: "Install complete" },
        }),
      );
    }

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/signin`);
      await page.getByLabel("Username").fill(ADMIN.username);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
      cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    } finally {
      await browser.close();
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  async function preview(releaseName: string): Promise<Preview> {
    const res = await fetch(`${app.url}/releases/${NAMESPACE}/${releaseName}?context=${CONTEXT}`, {
      method: "POST",
      headers: { cookie, "next-action": actionId, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([{ context: CONTEXT, namespace: NAMESPACE, releaseName, valuesYaml: "" }]),
    });
    expect(res.status, `preview of ${releaseName}`).toBe(200);
    const rows = flightRows(Buffer.from(await res.arrayBuffer()));
    const root = resolveFlight(rows.get("0"), rows) as { a?: Preview };
    if (!root?.a) throw new Error(`no action result in the response for ${releaseName}: ${JSON.stringify([...rows]).slice(0, 500)}`);
    return root.a;
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await work();
    return { value, ms: performance.now() - started };
  }

  it("a normal release previews its upgrade", async () => {
    const normal = await preview("normal");
    expect(normal.ok, JSON.stringify(normal).slice(0, 500)).toBe(true);
    expect(normal.ok && normal.manifest.after).toContain('replicas: "2"');
  });

  it("ends every hostile preview in a clear error within its limit while other requests are answered promptly", async () => {
    const outcomes: Array<{ id: string; value: Preview; ms: number }> = [];
    const probes: Array<{ what: string; ms: number; ok: boolean; note?: string }> = [];
    let hostileDone = false;

    const probeLoop = (async () => {
      while (!hostileDone) {
        let note = "";
        const checks: Array<[string, () => Promise<boolean>]> = [
          ["GET /api/health", async () => (await fetch(`${app.url}/api/health`)).status === 200],
          ["GET / (Releases)", async () => (await (await fetch(`${app.url}/`, { headers: { cookie } })).text()).includes("normal")],
          ["GET the normal release's page (plans its upgrade)", async () => (await (await fetch(`${app.url}/releases/${NAMESPACE}/normal?context=${CONTEXT}`, { headers: { cookie } })).text()).includes("normal-migrate")],
          ["preview the normal release", async () => {
            const p = await preview("normal");
            note = p.ok ? "" : p.error.slice(0, 300);
            return p.ok && p.manifest.after.includes("normal-config");
          }],
        ];
        for (const [what, check] of checks) {
          note = "";
          const { value, ms } = await timed(check);
          probes.push({ what, ms, ok: value, note });
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    // Two hostile previews at a time: two workers busy with them, the third free for everyone else.
    // The single-allocation memory hog first, beside quick ones, so that its heap fills before anything slows it.
    const queue = [...HOSTILE_CHARTS, ...DEFUSED_CHARTS].sort((a, b) => Number(b.id === "split-hog") - Number(a.id === "split-hog"));
    await Promise.all(
      [0, 1].map(async () => {
        for (let chart = queue.shift(); chart; chart = queue.shift()) {
          const id = chart.id;
          const { value, ms } = await timed(() => preview(id));
          outcomes.push({ id, value, ms });
        }
      }),
    );
    hostileDone = true;
    await probeLoop;

    const report = outcomes.map((o) => `${o.id}: ${Math.round(o.ms)} ms ${o.value.ok ? "ok" : o.value.error.slice(0, 160).replace(/\n/g, " ")}`).join("\n");
    const slow = probes.filter((p) => !p.ok || p.ms > PROMPT_MS).map((p) => `${p.what}: ${Math.round(p.ms)} ms${p.ok ? "" : ` (wrong answer${p.note ? `: ${p.note}` : ""})`}`);
    console.log(`${report}\nprobes: ${probes.length}, slowest ${Math.round(Math.max(...probes.map((p) => p.ms)))} ms\n${slow.join("\n")}`);
    for (const chart of HOSTILE_CHARTS) {
      const outcome = outcomes.find((o) => o.id === chart.id)!;
      expect(outcome.value.ok, `${chart.id} should fail\n${report}`).toBe(false);
      expect(outcome.value.ok ? "" : outcome.value.error, chart.what).toMatch(chart.error);
      const error = outcome.value.ok ? "" : outcome.value.error;
      if (error.startsWith("rendering needed more memory")) expect(error).toBe(`rendering needed more memory than the limit of ${MEMORY_MB} MB`);
      if (error.includes("took longer")) expect(error).toMatch(new RegExp(`rendering took longer than the limit of ${PREVIEW_DEADLINE_MS} ms`));
      // Within the preview's deadline plus the pool's grace, with room for a busy machine.
      expect(outcome.ms, `${chart.id}\n${report}`).toBeLessThan(PREVIEW_DEADLINE_MS + POOL_GRACE_MS + 8_000);
    }
    for (const chart of DEFUSED_CHARTS) {
      const outcome = outcomes.find((o) => o.id === chart.id)!;
      expect(outcome.value.ok, `${chart.id}\n${report}`).toBe(true);
      expect(outcome.value.ok ? outcome.value.manifest.after : "").toMatch(chart.answer);
      expect(outcome.ms).toBeLessThan(PROMPT_MS * 5);
    }
    expect(HOSTILE_CHARTS.filter((c) => outcomes.find((o) => o.id === c.id && !o.value.ok)).length).toBeGreaterThanOrEqual(10);
    // The engine checks its deadline right after expensive calls; the memory hog outgrows the worker's heap cap (256 MB)
    // before the engine's 512 MiB limit. The pool's hard deadline is covered by test/render/render-pool.test.ts.
    expect(outcomes.find((o) => o.id === "slow-builtins")!.value).toMatchObject({ ok: false, error: expect.stringMatching(/rendering took longer than the limit/) });
    expect(outcomes.find((o) => o.id === "memory-hog")!.value).toEqual({ ok: false, error: `rendering needed more memory than the limit of ${MEMORY_MB} MB` });

    expect(slow, `probes that were slow or wrong\n${report}`).toEqual([]);
    // The probes really ran alongside the hostile renders, many times over.
    for (const what of new Set(probes.map((p) => p.what))) expect(probes.filter((p) => p.what === what).length, what).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
