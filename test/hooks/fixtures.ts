/**
 * Small helpers for hook tests: write a throwaway chart to disk (for the helm oracle) and build rendered documents
 * from YAML written inline.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RenderedDocument } from "@/lib/hooks";

/** Strip the common indentation of a template literal so YAML can be written indented in tests. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, part, i) => acc + part + (i < values.length ? String(values[i]) : ""), "");
  const lines = text.replace(/^\n/, "").replace(/\n[ \t]*$/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

export function doc(source: string, text: string, extra: Partial<RenderedDocument> = {}): RenderedDocument {
  return { source, text, ...extra };
}

/** A chart with the given templates, in a fresh temporary folder; returns the chart directory. */
export async function writeChart(name: string, templates: Record<string, string>): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), "hookline-chart-")), name);
  await mkdir(path.join(dir, "templates"), { recursive: true });
  await writeFile(path.join(dir, "Chart.yaml"), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  for (const [file, text] of Object.entries(templates)) await writeFile(path.join(dir, "templates", file), text);
  return dir;
}
