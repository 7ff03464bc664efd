/**
 * Turning the engine's rendered files into exactly what `helm template` prints (helm v4.1.4, pkg/action
 * renderResources + pkg/cmd/template.go): NOTES removed, partials and blank files skipped, documents split and
 * classified, regular manifests stably sorted by InstallOrder after files in byte order, `# Source:` headers,
 * CRDs from crds/ first with --include-crds, hooks appended in kind order, --show-only selection with helm's
 * matching and error text, and the final trimming. Also exposes the classified documents for the hook planner.
 */
import { ChartError } from "./errors";
import { goGlobToRegExp } from "./go-glob";
import { sortByKind } from "./kind-order";
import { goTrimEnd, goTrimSpace, goTrimStart, parseRenderedFile, splitManifests, type ManifestDocument } from "./manifest-documents";
import { chartFullPath, type Chart } from "./types";

const NOTES_SUFFIX = "NOTES.txt";

export interface TemplateOutputOptions {
  /** `--include-crds`: print the raw files of every crds/ folder first. */
  includeCrds?: boolean;
  /** `--show-only` patterns (filepath.Match globs on the template path without the chart name). */
  showOnly?: string[];
  /** `--skip-tests`: leave out hooks with the test event. */
  skipTests?: boolean;
  /** `--no-hooks`: print no hooks. */
  disableHooks?: boolean;
}

export interface SortedRender {
  /** Regular resources, sorted by InstallOrder (stable over file path, then document order). */
  manifests: ManifestDocument[];
  /** Hooks, sorted by InstallOrder the same way (not by weight). */
  hooks: ManifestDocument[];
  /** The root chart's NOTES.txt text, if rendered. */
  notes: string | null;
}

/**
 * Go's string comparison (bytes of UTF-8). Comparing code points gives the same order as comparing their UTF-8
 * bytes; JavaScript's `<` compares UTF-16 units, which differs only for astral characters against U+E000–U+FFFF.
 */
function byteOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    return ca - cb;
  }
  return a.length - b.length;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** helm's SortManifests over the rendered files, after removing NOTES. `rootChartName` picks the root NOTES.txt. */
export function sortRenderedFiles(rendered: ReadonlyMap<string, string>, rootChartName: string): SortedRender {
  let notes: string | null = null;
  const hooks: ManifestDocument[] = [];
  const manifests: ManifestDocument[] = [];
  for (const path of [...rendered.keys()].sort(byteOrder)) {
    const text = rendered.get(path) as string;
    if (path.endsWith(NOTES_SUFFIX)) {
      if (path === `${rootChartName}/templates/${NOTES_SUFFIX}`) notes = text;
      continue;
    }
    if (baseName(path).startsWith("_")) continue;
    if (goTrimSpace(text) === "") continue;
    for (const doc of parseRenderedFile(path, text)) (doc.hook ? hooks : manifests).push(doc);
  }
  const kindOf = (d: ManifestDocument) => d.head.kind;
  return { manifests: sortByKind(manifests, kindOf), hooks: sortByKind(hooks, kindOf), notes };
}

function sourceBlock(path: string, content: string): string {
  return `---\n# Source: ${path}\n${content}\n`;
}

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/** The CRD files helm prints with --include-crds: crds/*.{yaml,yml,json} of the chart, then of each subchart. */
export function crdFiles(chart: Chart): Array<{ path: string; content: string }> {
  const out: Array<{ path: string; content: string }> = [];
  const decoder = new TextDecoder();
  for (const f of chart.files) {
    if (f.name.startsWith("crds/") && MANIFEST_EXTENSIONS.test(f.name)) {
      out.push({ path: `${chartFullPath(chart)}/${f.name}`, content: decoder.decode(f.data) });
    }
  }
  for (const dep of chart.dependencies) out.push(...crdFiles(dep));
  return out;
}

/** The blocks of the release manifest: CRDs (when asked) then the regular resources, each with its `# Source:` header. */
function releaseManifestBlocks(sorted: SortedRender, chart: Chart, includeCrds: boolean): string[] {
  const blocks: string[] = [];
  if (includeCrds) for (const crd of crdFiles(chart)) blocks.push(sourceBlock(crd.path, crd.content));
  for (const m of sorted.manifests) blocks.push(sourceBlock(m.path, m.content));
  return blocks;
}

/** The release manifest: CRDs (when asked) then the regular resources, each with its `# Source:` header. */
export function buildReleaseManifest(sorted: SortedRender, chart: Chart, includeCrds: boolean): string {
  return releaseManifestBlocks(sorted, chart, includeCrds).join("");
}

/**
 * The blocks whose join is goTrimSpace of their join, trimmed at both ends before joining: trimming the joined text
 * would copy the whole manifest once more only to drop a few spaces at its ends.
 */
function trimmedBlocks(blocks: string[]): string[] {
  let first = 0;
  let last = blocks.length - 1;
  while (first <= last && goTrimSpace(blocks[first]) === "") first++;
  while (last > first && goTrimSpace(blocks[last]) === "") last--;
  if (first > last) return [];
  if (first === last) return [goTrimSpace(blocks[first])];
  const kept = blocks.slice(first, last + 1);
  kept[0] = goTrimStart(kept[0]);
  kept[kept.length - 1] = goTrimEnd(kept[kept.length - 1]);
  return kept;
}

const SOURCE_LINE = /# Source: [^/]+\/(.+)/;

function selectShowOnly(output: string, patterns: string[]): string {
  const docs = splitManifests(output);
  const selected: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.replace(/\\/g, "/");
    let matcher: RegExp | null;
    try {
      matcher = goGlobToRegExp(pattern);
    } catch {
      matcher = null;
    }
    let missing = true;
    for (const doc of docs) {
      const m = SOURCE_LINE.exec(doc);
      if (!m || !matcher || !matcher.test(m[1])) continue;
      selected.push(doc);
      missing = false;
    }
    if (missing) throw new ChartError(`could not find template ${pattern} in chart`);
  }
  return selected.map((d) => `---\n${d}\n`).join("");
}

/** Exactly `helm template`'s stdout for the rendered files of `chart` (the processed chart tree). */
export function assembleTemplateOutput(rendered: ReadonlyMap<string, string>, chart: Chart, options: TemplateOutputOptions = {}): string {
  return assembleSortedOutput(sortRenderedFiles(rendered, chart.metadata.Name), chart, options);
}

/** assembleTemplateOutput from files already sorted by sortRenderedFiles (each document is parsed only once). */
export function assembleSortedOutput(sorted: SortedRender, chart: Chart, options: TemplateOutputOptions = {}): string {
  // Joined once: appending to a joined manifest would copy it again.
  const parts = trimmedBlocks(releaseManifestBlocks(sorted, chart, options.includeCrds ?? false));
  parts.push("\n");
  if (!options.disableHooks) {
    for (const hook of sorted.hooks) {
      if (options.skipTests && hook.hook?.events.includes("test")) continue;
      parts.push(sourceBlock(hook.path, hook.content));
    }
  }
  const output = parts.join("");
  if (options.showOnly && options.showOnly.length > 0) return selectShowOnly(output, options.showOnly);
  return output;
}
