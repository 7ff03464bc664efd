/**
 * Shared test helpers for lib/chart: temporary charts on disk, running the real helm v4.1.4 binary as the
 * oracle, and access to the shared corpus (tests skip with "skipped: corpus not found" without it).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { helmBinary } from "@/test/helpers/binaries";

export const CORPUS_DIR = path.resolve(process.cwd(), "../shared/corpus");
export const corpusPresent = existsSync(path.join(CORPUS_DIR, "manifest.json"));

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

let helmHome: Promise<string> | null = null;

function isolatedHelmHome(): Promise<string> {
  helmHome ??= mkdtemp(path.join(tmpdir(), "hookline-helm-home-"));
  return helmHome;
}

/** Runs helm with a private home and no cluster, like the corpus goldens were produced. */
export async function runHelm(args: string[], cwd?: string): Promise<HelmResult> {
  const helm = await helmBinary();
  const home = await isolatedHelmHome();
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      HOME: home,
      HELM_CACHE_HOME: path.join(home, "cache"),
      HELM_CONFIG_HOME: path.join(home, "config"),
      HELM_DATA_HOME: path.join(home, "data"),
      KUBECONFIG: path.join(home, "nonexistent-kubeconfig"),
    };
    const child = spawn(helm, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Writes a chart (or any tree) from a path → content map into a fresh temp directory; returns its path. */
export async function writeTree(files: Record<string, string | Uint8Array>, parent?: string): Promise<string> {
  const dir = parent ?? (await mkdtemp(path.join(tmpdir(), "hookline-chart-")));
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return dir;
}

export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The JSON documents a helm template run printed for templates that render `{{ toJson .Values }}`. */
export function jsonDocuments(stdout: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const block of stdout.split(/^---\n# Source: /m).slice(1)) {
    const newline = block.indexOf("\n");
    out.set(block.slice(0, newline), JSON.parse(block.slice(newline + 1).trim()));
  }
  return out;
}

export interface CorpusCase {
  case: string;
  argv: string[];
  exitCode: number;
  stderr: string;
  goldenFile: string;
}

export interface CorpusChart {
  id: string;
  chartDir: string;
  releaseName: string;
  namespace: string;
  cases: CorpusCase[];
}

export async function corpusCharts(): Promise<CorpusChart[]> {
  const { readFile } = await import("node:fs/promises");
  const manifest = JSON.parse(await readFile(path.join(CORPUS_DIR, "manifest.json"), "utf8")) as { charts: CorpusChart[] };
  return manifest.charts;
}

/** Reads helm's command-line flags that matter for values and output from a corpus argv. */
export function parseCaseArgs(argv: string[]): {
  valuesFiles: string[];
  set: string[];
  kubeVersion?: string;
  apiVersions: string[];
  isUpgrade: boolean;
  includeCrds: boolean;
  showOnly: string[];
} {
  const out = { valuesFiles: [] as string[], set: [] as string[], kubeVersion: undefined as string | undefined, apiVersions: [] as string[], isUpgrade: false, includeCrds: false, showOnly: [] as string[] };
  for (let i = 4; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-f" || a === "--values") out.valuesFiles.push(argv[++i]);
    else if (a === "--set") out.set.push(argv[++i]);
    else if (a === "--kube-version") out.kubeVersion = argv[++i];
    else if (a === "--api-versions" || a === "-a") out.apiVersions.push(argv[++i]);
    else if (a === "--is-upgrade") out.isUpgrade = true;
    else if (a === "--include-crds") out.includeCrds = true;
    else if (a === "--show-only" || a === "-s") out.showOnly.push(argv[++i]);
    else if (a === "--namespace" || a === "-n") i++;
    else throw new Error(`unhandled helm argument ${a}`);
  }
  return out;
}

/** helm's error message: stderr without log lines, the "Error: " prefix and the --debug hint. */
export function helmErrorMessage(stderr: string): string {
  const text = stderr
    .split("\n")
    .filter((line) => !line.startsWith("level="))
    .join("\n");
  return text
    .slice(text.indexOf("Error: ") + "Error: ".length)
    .replace(/\n\nUse --debug flag to render out invalid YAML\n$/, "")
    .replace(/\n$/, "");
}

/** The message of what `run` throws ("" when it does not throw), for exact comparison with helm's text. */
export function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  return "";
}

/** A test title that says why it was skipped when the shared corpus is absent. */
export function corpusTitle(title: string): string {
  return corpusPresent ? title : `skipped: corpus not found (${title})`;
}
