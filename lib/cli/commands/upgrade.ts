/** `hookline upgrade NAME CHART`: upgrades a release with Hookline's lifecycle engine (helm's flags and output). */
import { Command } from "commander";
import { runUpgrade } from "@/lib/lifecycle";
import {
  cancelOnSignals,
  cliContext,
  dryRunStrategy,
  parseDuration,
  parseLabels,
  printRelease,
  processOutput,
  progressSink,
  waitStrategy,
  withGlobalFlags,
  withValuesFlags,
  withWaitFlags,
  type Output,
} from "@/lib/lifecycle/cli/shared";
import { loadChartAndValues, withApplyFlags } from "./install";

export function upgradeCommand(output: Output = processOutput): Command {
  const command = new Command("upgrade").description("upgrade a release to a new version of a chart").argument("<name>").argument("<chart>", "chart directory");
  withApplyFlags(withWaitFlags(withValuesFlags(withGlobalFlags(command))))
    .option("-i, --install", "if a release by this name doesn't already exist, run an install")
    .option("--create-namespace", "with --install, create the release namespace if not present")
    .option("--reuse-values", "reuse the last release's values and merge in any overrides")
    .option("--reset-values", "reset the values to the ones built into the chart")
    .option("--reset-then-reuse-values", "reset to the chart's values, then apply the last release's values and overrides")
    .option("--cleanup-on-fail", "allow deletion of new resources created in this upgrade when upgrade fails")
    .option("--rollback-on-failure", "if set, upgrade process rolls back changes made in case of failed upgrade")
    .option("--atomic", "deprecated alias of --rollback-on-failure")
    .option("--history-max <n>", "limit the maximum number of revisions saved per release (0 for no limit)", "10")
    .option("--description <text>", "add a custom description")
    .option("--server-side <mode>", "auto, true or false", "auto")
    .option("--force-replace", "force resource updates by replacement (client-side apply only)")
    .option("--force", "deprecated alias of --force-replace")
    .option("--take-ownership", "ignore the check for helm annotations and take ownership of the existing resources")
    .action(async (name: string, chartPath: string, opts) => {
      if ((opts.forceReplace || opts.force) && opts.forceConflicts) {
        throw new Error("if any flags in the group [force-replace force-conflicts] are set none of the others can be; [force-conflicts force-replace] were all set");
      }
      const dryRun = dryRunStrategy(opts.dryRun, output);
      const labels = parseLabels(opts.labels);
      const { chart, render, crds, values } = await loadChartAndValues(chartPath, opts);
      const { config, namespace } = cliContext(opts, opts.output === "table" && !dryRun ? [progressSink(output)] : [], output);
      const cancel = cancelOnSignals();
      try {
        const release = await runUpgrade(config, {
          signal: cancel.signal,
          releaseName: name,
          namespace,
          chart,
          render,
          crds,
          values,
          install: opts.install,
          createNamespace: opts.createNamespace,
          reuseValues: opts.reuseValues,
          resetValues: opts.resetValues,
          resetThenReuseValues: opts.resetThenReuseValues,
          cleanupOnFail: opts.cleanupOnFail,
          rollbackOnFailure: opts.rollbackOnFailure || opts.atomic,
          historyMax: Number(opts.historyMax),
          timeoutMs: parseDuration(opts.timeout),
          wait: waitStrategy(opts.wait),
          waitForJobs: opts.waitForJobs,
          noHooks: opts.hooks === false,
          description: opts.description,
          serverSide: opts.serverSide === "auto" ? "auto" : opts.serverSide !== "false",
          forceReplace: opts.forceReplace || opts.force,
          forceConflicts: opts.forceConflicts,
          takeOwnership: opts.takeOwnership,
          skipCrds: opts.skipCrds,
          dryRun,
          labels,
        });
        // An install (upgrade --install of a missing or uninstalled release) starts a new first_deployed.
        const installed = release.info.first_deployed === release.info.last_deployed;
        if (opts.output === "table") {
          output.out(installed ? `Release "${name}" does not exist. Installing it now.\n` : `Release "${name}" has been upgraded. Happy Helming!\n`);
        }
        printRelease(release, opts.output, output, { dryRun: dryRun !== undefined });
      } catch (error) {
        throw new Error(`UPGRADE FAILED: ${(error as Error).message}`);
      } finally {
        cancel.dispose();
      }
    });
  return command;
}
