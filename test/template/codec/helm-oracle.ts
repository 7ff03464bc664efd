/**
 * Runs the real helm binary on a throwaway chart and returns what one template printed, byte for byte.
 * Each probe expression is rendered through `b64enc` into a ConfigMap entry, so helm's own YAML handling of
 * the manifest cannot alter the bytes we compare. Many probes share one render to keep helm start-ups few.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);

export interface ChartFiles {
  /** content of values.yaml */
  values?: string;
  /** extra chart files by relative path, e.g. `files/c0.yaml` */
  files?: Record<string, string>;
}

/**
 * Renders `exprs` (template expressions evaluated with `.` = the root context, e.g. `toYaml .Values.a`) and
 * returns each one's exact output. A helm failure rejects with its stderr.
 */
export async function renderWithHelm(exprs: string[], chart: ChartFiles = {}): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "hookline-codec-"));
  try {
    const chartDir = path.join(dir, "c");
    await mkdir(path.join(chartDir, "templates"), { recursive: true });
    await writeFile(path.join(chartDir, "Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    await writeFile(path.join(chartDir, "values.yaml"), chart.values ?? "");
    for (const [name, content] of Object.entries(chart.files ?? {})) {
      await mkdir(path.dirname(path.join(chartDir, name)), { recursive: true });
      await writeFile(path.join(chartDir, name), content);
    }
    const lines = exprs.map((e, i) => `  p${i}: {{ (${e}) | b64enc | quote }}`);
    await writeFile(
      path.join(chartDir, "templates", "probe.yaml"),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n${lines.join("\n")}\n`,
    );
    const helm = await helmBinary();
    const { stdout } = await run(helm, ["template", "r", chartDir], {
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir, KUBECONFIG: path.join(dir, "none") },
    });
    const out: string[] = new Array(exprs.length);
    for (const m of stdout.matchAll(/^ {2}p(\d+): "([^"]*)"$/gm)) out[Number(m[1])] = Buffer.from(m[2], "base64").toString("utf8");
    if (out.some((x) => x === undefined) || out.length !== exprs.length) throw new Error(`unexpected helm output:\n${stdout.slice(0, 2000)}`);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether the helm binary can be used here (the tests skip with a reason otherwise). */
export async function helmAvailable(): Promise<boolean> {
  try {
    await helmBinary();
    return true;
  } catch {
    return false;
  }
}

/**
 * A values.yaml text that helm loads as exactly these JavaScript values: JSON syntax (valid YAML) with every
 * non-ASCII or control character written as a YAML escape, since go-yaml rejects many raw characters.
 */
export function valuesYamlFor(values: unknown): string {
  return JSON.stringify(values).replace(/[^\x20-\x7e]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  });
}
