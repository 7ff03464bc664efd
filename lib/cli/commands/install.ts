/** `hookline install NAME CHART`: installs a chart with Hookline's lifecycle engine (helm's flags and output). */
import { Command } from "commander";
import { loadChartDirectory } from "@/lib/chart/node";
import { mergeUserValues } from "@/lib/chart/user-values";
import { toJsonValue } from "@/lib/chart/values-json";
import { hooklineRenderer, runInstall } from "@/lib/lifecycle";
import { resolvePostRenderer } from "@/lib/lifecycle/post-render";
import {
  cancelOnSignals,
  cliContext,
  dryRunStrategy,
  parseDuration,
  parseLabels,
  printRelease,
  processOutput,
  progressSink,
  readValueFiles,
  waitStrategy,
  withDryRunAndLabelFlags,
  withGlobalFlags,
  withValuesFlags,
  withWaitFlags,
  type Output,
} from "@/lib/lifecycle/cli/shared";

/**
 * The chart, its Renderer and CRD list, and the user values from -f/--set/--set-string/--set-json merged with
 * helm's rules as plain JSON. `--post-renderer` names a helm 4 plugin or an executable.
 */
export async function loadChartAndValues(chartPath: string, opts: Record<string, string[] | string | undefined>) {
  const chart = await loadChartDirectory(chartPath);
  const list = (v: string[] | string | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const values = toJsonValue(
    mergeUserValues({ valueFiles: readValueFiles(list(opts.values)), set: list(opts.set), setString: list(opts.setString), setJson: list(opts.setJson) }),
  ) as Record<string, unknown>;
  const postRenderer = typeof opts.postRenderer === "string" ? resolvePostRenderer(opts.postRenderer, list(opts.postRendererArgs) ?? []) : undefined;
  return { ...hooklineRenderer(chart, { postRenderer }), values };
}

/** Flags install and upgrade share beyond helm's global, values and wait flags. */
export function withApplyFlags(command: Command): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  return withDryRunAndLabelFlags(command)
    .option("--skip-crds", "if set, no CRDs will be installed (install, or upgrade --install when it installs)")
    .option("--force-conflicts", "if set server-side apply will force changes against conflicts")
    .option("--post-renderer <executable>", "a postrenderer plugin name (as helm 4), or the path of an executable fed the manifests on stdin")
    .option("--post-renderer-args <arg>", "an argument to the post-renderer (can specify multiple)", collect);
}

export function installCommand(output: Output = processOutput): Command {
  const command = new Command("install").description("install a chart as a new release").argument("<name>").argument("<chart>", "chart directory");
  withApplyFlags(withWaitFlags(withValuesFlags(withGlobalFlags(command))))
    .option("--create-namespace", "create the release namespace if not present")
    .option("--replace", "re-use the given name, only if that name is a deleted release which remains in the history")
    .option("--rollback-on-failure", "if set, the installation process deletes the installation on failure")
    .option("--atomic", "deprecated alias of --rollback-on-failure")
    .option("--description <text>", "add a custom description")
    .option("--server-side <bool>", "object updates run in the server instead of the client", "true")
    .option("--take-ownership", "ignore the check for helm annotations and take ownership of the existing resources")
    .action(async (name: string, chartPath: string, opts) => {
      const dryRun = dryRunStrategy(opts.dryRun, output);
      const labels = parseLabels(opts.labels);
      const { chart, render, crds, values } = await loadChartAndValues(chartPath, opts);
      const { config, namespace } = cliContext(opts, opts.output === "table" && !dryRun ? [progressSink(output)] : [], output);
      const cancel = cancelOnSignals();
      try {
        const release = await runInstall(config, {
          signal: cancel.signal,
          releaseName: name,
          namespace,
          chart,
          render,
          crds,
          values,
          timeoutMs: parseDuration(opts.timeout),
          wait: waitStrategy(opts.wait),
          waitForJobs: opts.waitForJobs,
          noHooks: opts.hooks === false,
          createNamespace: opts.createNamespace,
          replace: opts.replace,
          rollbackOnFailure: opts.rollbackOnFailure || opts.atomic,
          description: opts.description,
          serverSide: opts.serverSide !== "false",
          takeOwnership: opts.takeOwnership,
          skipCrds: opts.skipCrds,
          forceConflicts: opts.forceConflicts,
          dryRun,
          labels,
        });
        printRelease(release, opts.output, output, { dryRun: dryRun !== undefined });
      } catch (error) {
        throw new Error(`INSTALLATION FAILED: ${(error as Error).message}`);
      } finally {
        cancel.dispose();
      }
    });
  return command;
}
