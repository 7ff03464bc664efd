/**
 * `hookline template NAME CHART [flags]`: renders a chart locally exactly as `helm template` does — same stdout,
 * same error text on stderr, exit code 1 on failure. CHART is a chart directory or a packaged `.tgz`.
 */
import { readFileSync, statSync } from "node:fs";
import { Command, Option } from "commander";
import { loadChartArchive } from "@/lib/chart";
import { loadChartDirectory } from "@/lib/chart/load-directory";
import { assembleTemplateOutput } from "@/lib/chart/template-output";
import type { Chart } from "@/lib/chart/types";
import { postRenderFiles, resolvePostRenderer } from "@/lib/lifecycle/post-render";
import { renderChart, RenderFailure } from "@/lib/render/render-chart";
import { renderOptionsFromFlags, type TemplateFlags } from "@/lib/render/template-flags";
import { oneShotNodeFuncContext } from "@/lib/render/node-func-context";

const collect = (value: string, previous: string[] = []) => [...previous, value];

function readUserFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `open ${path}: no such file or directory` : `open ${path}: ${(e as Error).message}`);
  }
}

export async function loadChartPath(path: string): Promise<Chart> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new Error(`path "${path}" not found`);
  }
  return isDir ? loadChartDirectory(path) : loadChartArchive(readFileSync(path));
}

export function templateCommand(): Command {
  return new Command("template")
    .description("render a chart's templates locally, exactly as `helm template` does")
    .argument("<name>", "release name")
    .argument("<chart>", "chart directory or .tgz")
    .option("-n, --namespace <namespace>", "namespace", "default")
    .option("-f, --values <file>", "values file (repeatable)", collect)
    .option("--set <key=value>", "set values (repeatable)", collect)
    .option("--set-string <key=value>", "set STRING values (repeatable)", collect)
    .option("--set-json <key=json>", "set JSON values (repeatable)", collect)
    .option("--set-file <key=path>", "set values from files (repeatable)", collect)
    .option("--set-literal <key=value>", "set a literal STRING value (repeatable)", collect)
    .option("--kube-version <version>", "Kubernetes version for Capabilities.KubeVersion")
    .option("-a, --api-versions <versions>", "Kubernetes api versions for Capabilities.APIVersions (repeatable)", collect)
    .option("--include-crds", "include CRDs in the templated output")
    .option("--skip-crds", "skip CRDs")
    .option("-s, --show-only <path>", "only show manifests rendered from the given templates (repeatable)", collect)
    .option("--is-upgrade", "set .Release.IsUpgrade instead of .Release.IsInstall")
    .option("--skip-tests", "skip tests from templated output")
    .option("--no-hooks", "prevent hooks from being rendered")
    .option("--skip-schema-validation", "disable JSON schema validation")
    .option("--post-renderer <name>", "a postrenderer plugin name (as helm 4), or the path of an executable fed the manifests on stdin")
    .option("--post-renderer-args <arg>", "an argument to the post-renderer (can specify multiple)", collect)
    .addOption(new Option("--output-dir <dir>", "not supported by hookline").hideHelp())
    .action(async (name: string, chartPath: string, opts: TemplateFlags & { hooks?: boolean; postRenderer?: string; postRendererArgs?: string[] }) => {
      try {
        const postRenderer = opts.postRenderer ? resolvePostRenderer(opts.postRenderer, opts.postRendererArgs ?? []) : undefined;
        const chart = await loadChartPath(chartPath);
        const flags: TemplateFlags = { ...opts, noHooks: opts.hooks === false };
        const options = { ...renderOptionsFromFlags(name, flags, readUserFile), funcContext: oneShotNodeFuncContext };
        const rendered = renderChart(chart, options);
        // helm 4 post-renders every file (hooks too) before the output is assembled.
        const output = postRenderer ? assembleTemplateOutput(await postRenderFiles(rendered.files, postRenderer), rendered.prepared.chart, options.output) : rendered.output;
        process.stdout.write(output);
      } catch (err) {
        const message = err instanceof RenderFailure ? err.helmTemplateMessage() : err instanceof Error ? err.message : String(err);
        process.stderr.write(`Error: ${message}\n`);
        process.exitCode = 1;
      }
    });
}
