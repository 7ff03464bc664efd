/**
 * `hookline plan CHART [--name NAME] [--namespace NS] [-f …] [--set …] [--output text|json|markdown]`: the hooks a
 * chart would run, per event in Helm's execution order (weight, then name, then kind), with what happens to each on
 * success and on failure, and the hook lint. Exit code 1 when rendering fails or lint finds an error.
 */
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { formatPlan, type PlanFormat, type WaitStrategy } from "@/lib/hooks";
import { RenderFailure } from "@/lib/render/render-chart";
import { planChart } from "@/lib/render/plan-chart";
import { renderOptionsFromFlags, type TemplateFlags } from "@/lib/render/template-flags";
import { oneShotNodeFuncContext } from "@/lib/render/node-func-context";
import { loadChartPath } from "./template";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function planCommand(): Command {
  return new Command("plan")
    .description("show the hook plan of a chart: every hook per event, in the order helm runs them, and the hook lint")
    .argument("<chart>", "chart directory or .tgz")
    .option("--name <name>", "release name", "release-name")
    .option("-n, --namespace <namespace>", "namespace", "default")
    .option("-f, --values <file>", "values file (repeatable)", collect)
    .option("--set <key=value>", "set values (repeatable)", collect)
    .option("--set-string <key=value>", "set STRING values (repeatable)", collect)
    .option("--set-json <key=json>", "set JSON values (repeatable)", collect)
    .option("--set-file <key=path>", "set values from files (repeatable)", collect)
    .option("--is-upgrade", "render as an upgrade (.Release.IsUpgrade)")
    .option("--kube-version <version>", "Kubernetes version for Capabilities.KubeVersion")
    .addOption(new Option("--wait <strategy>", "the --wait strategy the release will use").choices(["hookOnly", "watcher", "legacy"]).default("hookOnly"))
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .action(async (chartPath: string, opts: TemplateFlags & { name: string; wait: WaitStrategy; output: PlanFormat }) => {
      try {
        const chart = await loadChartPath(chartPath);
        const read = (file: string) => readFileSync(file, "utf8");
        const { plan, lint } = planChart(chart, { ...renderOptionsFromFlags(opts.name, opts, read), funcContext: oneShotNodeFuncContext }, { wait: opts.wait });
        process.stdout.write(formatPlan(plan, opts.output, lint));
        if (lint.some((f) => f.severity === "error")) process.exitCode = 1;
      } catch (err) {
        const message = err instanceof RenderFailure ? err.message : err instanceof Error ? err.message : String(err);
        process.stderr.write(`Error: ${message}\n`);
        process.exitCode = 1;
      }
    });
}
