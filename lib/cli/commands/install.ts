/** `hookline install NAME CHART`: installs a chart with Hookline's lifecycle engine (helm's flags and output). */
import { Command } from "commander";
import { loadChartDirectory } from "@/lib/chart/node";
import { mergeUserValues } from "@/lib/chart/user-values";
import { toJsonValue } from "@/lib/chart/values-json";
import { hooklineRenderer, runInstall } from "@/lib/lifecycle";
import {
  cancelOnSignals,
  cliContext,
  parseDuration,
  printRelease,
  processOutput,
  progressSink,
  readValueFiles,
  waitStrategy,
  withGlobalFlags,
  withValuesFlags,
  withWaitFlags,
  type Output,
} from "@/lib/lifecycle/cli/shared";

/** User values from -f/--set/--set-string/--set-json, merged with helm's rules, as plain JSON. */
export async function loadChartAndValues(chartPath: string, opts: Record<string, string[] | undefined>) {
  const chart = await loadChartDirectory(chartPath);
  const values = toJsonValue(
    mergeUserValues({ valueFiles: readValueFiles(opts.values), set: opts.set, setString: opts.setString, setJson: opts.setJson }),
  ) as Record<string, unknown>;
  return { ...hooklineRenderer(chart), values };
}

export function installCommand(output: Output = processOutput): Command {
  const command = new Command("install").description("install a chart as a new release").argument("<name>").argument("<chart>", "chart directory");
  withWaitFlags(withValuesFlags(withGlobalFlags(command)))
    .option("--create-namespace", "create the release namespace if not present")
    .option("--replace", "re-use the given name, only if that name is a deleted release which remains in the history")
    .option("--rollback-on-failure", "if set, the installation process deletes the installation on failure")
    .option("--atomic", "deprecated alias of --rollback-on-failure")
    .option("--description <text>", "add a custom description")
    .option("--server-side <bool>", "object updates run in the server instead of the client", "true")
    .action(async (name: string, chartPath: string, opts) => {
      const { chart, render, values } = await loadChartAndValues(chartPath, opts);
      const { config, namespace } = cliContext(opts, opts.output === "json" ? [] : [progressSink(output)], output);
      const cancel = cancelOnSignals();
      try {
        const release = await runInstall(config, {
          signal: cancel.signal,
          releaseName: name,
          namespace,
          chart,
          render,
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
        });
        printRelease(release, opts.output, output);
      } catch (error) {
        throw new Error(`INSTALLATION FAILED: ${(error as Error).message}`);
      } finally {
        cancel.dispose();
      }
    });
  return command;
}
