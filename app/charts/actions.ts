"use server";
/**
 * Server actions of the charts list: importing a chart into the workspace from a .tgz upload, from a folder
 * upload, or from the chart stored in a deployed release. Every import needs the operator role (`install`), is
 * size-limited, and goes through lib/chart's loader (which rejects `..`, absolute paths, links and archive bombs)
 * before anything is stored. Results are typed; errors are messages for the user, never raw exceptions.
 */
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/sessions";
import { ChartError, loadChartArchive, loadChartFromFileMap, type Chart } from "@/lib/chart";
import { createReleaseStore } from "@/lib/release";
import { releaseChartFiles, ReleaseChartError } from "@/lib/workspace/release-chart";
import { clientFor, resolveContext } from "@/app/_server/clusters";
import { AuthorizationError, authorize } from "@/app/_server/session";
import { createChart } from "./_server/chart-store";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, type ImportResult } from "./limits";

/** Loader limits for imports: the same per-file bound as helm, and a whole chart no larger than the upload. */
const LOAD_LIMITS = { maxArchiveBytes: MAX_UPLOAD_BYTES, maxChartBytes: 20 * 1024 * 1024, maxEntries: 5_000 };

function failure(err: unknown): ImportResult {
  if (err instanceof AuthorizationError) return { ok: false, error: err.message };
  if (err instanceof ChartError) return { ok: false, error: `The chart was not imported: ${err.message}`, file: err.file };
  if (err instanceof ReleaseChartError) return { ok: false, error: err.message };
  console.error("chart import failed", err);
  return { ok: false, error: "The chart could not be imported (an unexpected error was logged on the server)." };
}

async function store(chart: Chart, source: "upload" | "release", user: SessionUser, from: Record<string, unknown>): Promise<ImportResult> {
  const id = await createChart(chart, source, user.id);
  await recordAudit(db(), {
    actor: { id: user.id, name: user.username },
    action: "chart-import",
    result: "succeeded",
    details: { chartId: id, chart: chart.metadata.Name, version: chart.metadata.Version, files: chart.raw.length, ...from },
  });
  return { ok: true, chartId: id, name: chart.metadata.Name };
}

export async function importArchive(_prev: ImportResult | null, form: FormData): Promise<ImportResult> {
  try {
    const user = await authorize("install");
    const file = form.get("archive");
    if (!(file instanceof File) || file.size === 0) return { ok: false, error: "Choose a .tgz file to upload." };
    if (file.size > MAX_UPLOAD_BYTES) return { ok: false, error: `The archive is ${file.size} bytes; the limit is ${MAX_UPLOAD_BYTES} bytes.` };
    const chart = await loadChartArchive(new Uint8Array(await file.arrayBuffer()), { origin: file.name.slice(0, 200) || "chart.tgz", limits: LOAD_LIMITS });
    return await store(chart, "upload", user, { archive: file.name.slice(0, 200), bytes: file.size });
  } catch (err) {
    return failure(err);
  }
}

/** The folder's own name is the first segment of every relative path; the chart's files are below it. */
function stripCommonFolder(paths: string[]): string[] {
  const first = paths[0]?.split("/")[0];
  if (first && paths.every((p) => p.startsWith(`${first}/`))) return paths.map((p) => p.slice(first.length + 1));
  return paths;
}

const folderPaths = z.array(z.string().min(1).max(1024)).min(1).max(MAX_UPLOAD_FILES);

export async function importFolder(_prev: ImportResult | null, form: FormData): Promise<ImportResult> {
  try {
    const user = await authorize("install");
    const files = form.getAll("files").filter((f): f is File => f instanceof File);
    const parsedPaths = folderPaths.safeParse(form.getAll("paths"));
    if (!parsedPaths.success || parsedPaths.data.length !== files.length) return { ok: false, error: `Choose a chart folder (at most ${MAX_UPLOAD_FILES} files).` };
    const total = files.reduce((n, f) => n + f.size, 0);
    if (total > MAX_UPLOAD_BYTES) return { ok: false, error: `The folder holds ${total} bytes; the limit is ${MAX_UPLOAD_BYTES} bytes.` };
    const paths = stripCommonFolder(parsedPaths.data);
    const map: Record<string, Uint8Array> = {};
    for (let i = 0; i < files.length; i++) map[paths[i]] = new Uint8Array(await files[i].arrayBuffer());
    // The loader normalises every path and refuses `..` and absolute ones; .helmignore applies as for a directory.
    const chart = await loadChartFromFileMap(map, { origin: "folder", limits: LOAD_LIMITS });
    return await store(chart, "upload", user, { folder: true, bytes: total });
  } catch (err) {
    return failure(err);
  }
}

const releaseInput = z.object({
  context: z.string().max(253).optional(),
  namespace: z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a namespace name"),
  release: z.string().min(1).max(53).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "a release name"),
});

export async function importFromRelease(_prev: ImportResult | null, form: FormData): Promise<ImportResult> {
  try {
    const parsed = releaseInput.safeParse({ context: form.get("context") || undefined, namespace: form.get("namespace"), release: form.get("release") });
    if (!parsed.success) return { ok: false, error: `Check the form: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
    const { namespace, release } = parsed.data;
    const user = await authorize("install", { context: parsed.data.context, namespace, releaseName: release });
    const context = resolveContext(parsed.data.context);
    if (!context) return { ok: false, error: `No cluster context ${parsed.data.context ?? "(default)"} is configured.` };
    const stored = await createReleaseStore({ namespace, client: clientFor(context) })
      .last(release)
      .catch(() => null);
    if (!stored) return { ok: false, error: `No release ${release} in namespace ${namespace} of ${context.name}.` };
    const chart = await loadChartFromFileMap(releaseChartFiles(stored.chart), { origin: `release ${release}`, limits: LOAD_LIMITS });
    return await store(chart, "release", user, { context: context.name, namespace, release, revision: stored.version });
  } catch (err) {
    return failure(err);
  }
}
