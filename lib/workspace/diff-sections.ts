/**
 * A release snapshot (manifest documents and hooks, each under a `# Source:` line) split into one section per
 * source file, and two snapshots compared section by section with counts of added and removed lines, for the
 * workspace's Diff tab. Pure; runs in the browser.
 */
import { diffLines } from "diff";

export interface SnapshotSection {
  /** What follows `# Source: `, e.g. `demo/templates/web.yaml` or `demo/templates/hook-backup.yaml (hook)`. */
  source: string;
  text: string;
}

export type SectionChange = "added" | "removed" | "changed" | "unchanged";

export interface SectionDiff {
  source: string;
  hook: boolean;
  change: SectionChange;
  before: string;
  after: string;
  added: number;
  removed: number;
}

const SOURCE = /^# Source: (.+)$/;

/** Sections in order of first appearance; documents of one source are joined (a template may write several). */
export function splitSnapshot(snapshot: string): SnapshotSection[] {
  const bySource = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of snapshot.split("\n")) {
    const m = SOURCE.exec(line);
    if (m) {
      if (current) dropTrailingSeparators(current);
      const source = m[1].trim();
      current = bySource.get(source) ?? [];
      if (current.length > 0) current.push("---");
      bySource.set(source, current);
      continue;
    }
    if (current) current.push(line);
  }
  return [...bySource].map(([source, lines]) => ({ source, text: tidy(lines) }));
}

/** The `---` separators and blank lines that only sit between documents, removed in place. */
function dropTrailingSeparators(lines: string[]): void {
  while (lines.length > 0 && (lines[lines.length - 1].trim() === "" || lines[lines.length - 1] === "---")) lines.pop();
}

function tidy(lines: string[]): string {
  const out = [...lines];
  dropTrailingSeparators(out);
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

function countLines(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count ?? 0;
    else if (part.removed) removed += part.count ?? 0;
  }
  return { added, removed };
}

/** Every source of either side, the deployed order first and new sources after, with what changed in each. */
export function diffSnapshots(before: string, after: string): SectionDiff[] {
  const left = new Map(splitSnapshot(before).map((s) => [s.source, s.text]));
  const right = new Map(splitSnapshot(after).map((s) => [s.source, s.text]));
  const sources = [...left.keys(), ...[...right.keys()].filter((s) => !left.has(s))];
  return sources.map((source) => {
    const b = left.get(source) ?? "";
    const a = right.get(source) ?? "";
    const change: SectionChange = !left.has(source) ? "added" : !right.has(source) ? "removed" : a === b ? "unchanged" : "changed";
    return { source, hook: source.endsWith(" (hook)"), change, before: b, after: a, ...countLines(b, a) };
  });
}
