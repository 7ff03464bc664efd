"use server";
/**
 * Server actions of the chart workspace: saving edited files (operator role, `install`), reading a file's save
 * history (any signed-in user), and installing or upgrading a release with the saved chart (operator role). Input is validated with zod; results are typed, never raw exceptions.
 */
import { parse } from "yaml";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AuthorizationError, authorize } from "@/app/_server/session";
import { fileHistory, loadChartFiles, saveFiles, type FileRevisionView } from "../_server/chart-store";
import { loadChartFromFileMap } from "@/lib/chart";
import { startOperation } from "@/app/_server/operations";
import { clientFor, resolveContext } from "@/app/_server/clusters";
import { diffDraftAgainstRelease, DraftDiffError, type DraftDiff } from "../_server/draft-diff";

export type SaveResult = { ok: true; changed: string[] } | { ok: false; error: string };
export type HistoryResult = { ok: true; revisions: FileRevisionView[] } | { ok: false; error: string };

/** Chart-relative, forward slashes, no empty, `.` or `..` segments: the same rule as the chart loader's. */
const chartPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith("/") && !p.includes("\\") && p.split("/").every((s) => s !== "" && s !== "." && s !== ".."), "a chart-relative path");

const MAX_SAVE_BYTES = 900 * 1024;

const saveInput = z.object({
  chartId: z.string().uuid(),
  message: z.string().max(500).default(""),
  files: z
    .array(z.object({ path: chartPath, content: z.string() }))
    .min(1)
    .max(500)
    .refine((files) => files.reduce((n, f) => n + f.content.length, 0) <= MAX_SAVE_BYTES, `at most ${MAX_SAVE_BYTES} characters per save`),
});

function refusal(err: unknown): { ok: false; error: string } {
  if (err instanceof AuthorizationError) return { ok: false, error: err.message };
  console.error("workspace action failed", err);
  return { ok: false, error: "The server could not complete this (the error was logged)." };
}

export async function saveChartFiles(input: z.input<typeof saveInput>): Promise<SaveResult> {
  try {
    const parsed = saveInput.safeParse(input);
    if (!parsed.success) return { ok: false, error: `Nothing was saved: ${parsed.error.issues.map((i) => i.message).join("; ")}` };
    const { chartId, files, message } = parsed.data;
    const user = await authorize("install");
    const chart = await db().chart.findUnique({ where: { id: chartId }, select: { id: true } });
    if (!chart) return { ok: false, error: "This chart no longer exists." };
    const changed = await saveFiles(chartId, files, user.id, message);
    if (changed.length > 0) {
      await recordAudit(db(), { actor: { id: user.id, name: user.username }, action: "chart-save", result: "succeeded", reason: message, details: { chartId, files: changed } });
    }
    const chartYaml = files.find((f) => f.path === "Chart.yaml");
    if (chartYaml && changed.includes("Chart.yaml")) {
      // Keep the list's name and version in step with Chart.yaml, when it parses.
      try {
        const meta = parse(chartYaml.content) as { name?: unknown; version?: unknown } | null;
        if (meta && typeof meta.name === "string") {
          await db().chart.update({ where: { id: chartId }, data: { name: meta.name, version: typeof meta.version === "string" ? meta.version : String(meta.version ?? "") } });
        }
      } catch {
        // An unparsable Chart.yaml is still saved (it is a draft); the preview shows the error.
      }
    }
    return { ok: true, changed };
  } catch (err) {
    return refusal(err);
  }
}

const historyInput = z.object({ chartId: z.string().uuid(), path: chartPath });

export async function loadFileHistory(input: z.input<typeof historyInput>): Promise<HistoryResult> {
  try {
    const parsed = historyInput.safeParse(input);
    if (!parsed.success) return { ok: false, error: "Unknown file." };
    await authorize("read");
    return { ok: true, revisions: await fileHistory(parsed.data.chartId, parsed.data.path) };
  } catch (err) {
    return refusal(err);
  }
}

const deployInput = z.object({
  chartId: z.string().uuid(),
  kind: z.enum(["install", "upgrade"]),
  context: z.string().max(253).optional(),
  namespace: z.string().min(1).max(63),
  releaseName: z.string().min(1).max(53),
  valuesYaml: z.string().max(1_000_000).default(""),
  reason: z.string().max(1000).default(""),
  timeoutSeconds: z.number().int().min(1).max(3600).default(300),
  wait: z.boolean().default(false),
  atomic: z.boolean().default(false),
});

export type DeployResult = { ok: true; operationId: string } | { ok: false; error: string };

/**
 * Installs the chart's saved files as a new release, or upgrades an existing release with them. The operation runs in
 * the background; the caller gets its id and opens the timeline.
 */
export async function deployChart(raw: z.input<typeof deployInput>): Promise<DeployResult> {
  const parsed = deployInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const input = parsed.data;
  try {
    const user = await authorize(input.kind, { context: input.context, releaseName: input.releaseName, namespace: input.namespace });
    const stored = await loadChartFiles(input.chartId);
    if (!stored) return { ok: false, error: "no such chart" };
    let chart;
    try {
      chart = await loadChartFromFileMap(Object.fromEntries(stored.files.map((f) => [f.path, new Uint8Array(f.content)])));
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    const { chartId: _chartId, ...operation } = input;
    return await startOperation(user, operation, chart);
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

const MAX_DIFF_CHARS = 5_000_000;

const draftDiffInput = z.object({
  context: z.string().max(253).optional(),
  namespace: z.string().min(1).max(63),
  releaseName: z.string().min(1).max(53),
  files: z
    .array(z.object({ path: chartPath, content: z.string(), base64: z.boolean().default(false) }))
    .min(1)
    .max(2_000)
    .refine((files) => files.reduce((n, f) => n + f.content.length, 0) <= MAX_DIFF_CHARS, `at most ${MAX_DIFF_CHARS} characters of chart files`),
});

export type DraftDiffResult = ({ ok: true } & DraftDiff) | { ok: false; error: string };

/**
 * The Diff tab's data: a deployed release's revision against the draft rendered as an upgrade of it would render,
 * both masked (see app/charts/_server/draft-diff.ts for why the draft is rendered here). Read-only.
 */
export async function previewDraftDiff(raw: z.input<typeof draftDiffInput>): Promise<DraftDiffResult> {
  const parsed = draftDiffInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const input = parsed.data;
  try {
    await authorize("read", { context: input.context, releaseName: input.releaseName, namespace: input.namespace });
    const context = resolveContext(input.context);
    if (!context) return { ok: false, error: `No cluster context ${input.context ?? "(default)"} is configured.` };
    const files = Object.fromEntries(input.files.map((f) => [f.path, f.base64 ? new Uint8Array(Buffer.from(f.content, "base64")) : f.content]));
    return { ok: true, ...(await diffDraftAgainstRelease(clientFor(context), input.namespace, input.releaseName, files)) };
  } catch (err) {
    if (err instanceof DraftDiffError) return { ok: false, error: err.message };
    return refusal(err);
  }
}
