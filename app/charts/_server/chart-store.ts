/**
 * The workspace's charts in the database: creating one from validated files, reading its files and per-file save
 * history, and saving edits (ChartFile rows hold the current draft; every saved change appends a ChartFileRevision).
 * Server-only; callers have already checked the user's role.
 */
import { db } from "@/lib/db/client";
import type { Chart as LoadedChart } from "@/lib/chart";

export type ChartSource = "upload" | "release" | "demo";

export interface ChartSummary {
  id: string;
  name: string;
  version: string;
  source: string;
  files: number;
  updatedAt: string;
  createdBy: string | null;
}

export interface FileRevisionView {
  id: string;
  savedAt: string;
  savedBy: string | null;
  message: string;
  deleted: boolean;
  bytes: number;
}

export async function listCharts(): Promise<ChartSummary[]> {
  const rows = await db().chart.findMany({
    orderBy: { updatedAt: "desc" },
    include: { _count: { select: { files: true } }, createdBy: { select: { username: true } } },
  });
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    version: c.version,
    source: c.source,
    files: c._count.files,
    updatedAt: c.updatedAt.toISOString(),
    createdBy: c.createdBy?.username ?? null,
  }));
}

/** Stores a loaded chart's own files (subcharts included as they were given) and their first revision. */
export async function createChart(chart: LoadedChart, source: ChartSource, userId: string): Promise<string> {
  const files = chart.raw;
  return db().$transaction(async (tx) => {
    const created = await tx.chart.create({ data: { name: chart.metadata.Name, version: chart.metadata.Version, source, createdById: userId } });
    for (const f of files) {
      await tx.chartFile.create({ data: { chartId: created.id, path: f.name, content: Buffer.from(f.data) } });
      await tx.chartFileRevision.create({ data: { chartId: created.id, path: f.name, content: Buffer.from(f.data), savedById: userId, message: `imported (${source})` } });
    }
    return created.id;
  });
}

export async function loadChartFiles(id: string) {
  return db().chart.findUnique({ where: { id }, include: { files: { orderBy: { path: "asc" } } } });
}

export async function fileHistory(chartId: string, path: string): Promise<FileRevisionView[]> {
  const rows = await db().chartFileRevision.findMany({
    where: { chartId, path },
    orderBy: { savedAt: "desc" },
    take: 100,
    include: { savedBy: { select: { username: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    savedAt: r.savedAt.toISOString(),
    savedBy: r.savedBy?.username ?? null,
    message: r.message,
    deleted: r.deleted,
    bytes: r.content.length,
  }));
}

/**
 * Writes the changed files of one save. Files whose content did not change are skipped, so the history only holds
 * real edits. Returns the paths that changed.
 */
export async function saveFiles(chartId: string, files: Array<{ path: string; content: string }>, userId: string, message: string): Promise<string[]> {
  return db().$transaction(async (tx) => {
    const changed: string[] = [];
    for (const f of files) {
      const content = Buffer.from(f.content, "utf8");
      const existing = await tx.chartFile.findUnique({ where: { chartId_path: { chartId, path: f.path } } });
      if (existing && Buffer.from(existing.content).equals(content)) continue;
      await tx.chartFile.upsert({
        where: { chartId_path: { chartId, path: f.path } },
        create: { chartId, path: f.path, content },
        update: { content },
      });
      await tx.chartFileRevision.create({ data: { chartId, path: f.path, content, savedById: userId, message } });
      changed.push(f.path);
    }
    if (changed.length > 0) await tx.chart.update({ where: { id: chartId }, data: { updatedAt: new Date() } });
    return changed;
  });
}
