/** `hookline rollback NAME [REVISION]`: rolls a release back with Hookline's lifecycle engine. */
import { Command } from "commander";
import { runRollback } from "@/lib/lifecycle";
import { cancelOnSignals, cliContext, parseDuration, processOutput, progressSink, waitStrategy, withGlobalFlags, withWaitFlags, type Output } from "@/lib/lifecycle/cli/shared";

export function rollbackCommand(output: Output = processOutput): Command {
  const command = new Command("rollback").description("roll back a release to a previous revision").argument("<name>").argument("[revision]");
  withWaitFlags(withGlobalFlags(command))
    .option("--cleanup-on-fail", "allow deletion of new resources created in this rollback when rollback fails")
    .option("--history-max <n>", "limit the maximum number of revisions saved per release (0 for no limit)", "10")
    .option("--server-side <mode>", "auto, true or false", "auto")
    .option("--force-replace", "force resource updates by replacement (client-side apply only)")
    .option("--force", "deprecated alias of --force-replace")
    .option("--force-conflicts", "if set server-side apply will force changes against conflicts")
    .option("--dry-run", "simulate a rollback")
    .action(async (name: string, revision: string | undefined, opts) => {
      if ((opts.forceReplace || opts.force) && opts.forceConflicts) {
        throw new Error("if any flags in the group [force-replace force-conflicts] are set none of the others can be; [force-conflicts force-replace] were all set");
      }
      const { config, namespace } = cliContext(opts, [progressSink(output)], output);
      const cancel = cancelOnSignals();
      const release = await runRollback(config, {
        signal: cancel.signal,
        releaseName: name,
        namespace,
        revision: revision ? Number(revision) : 0,
        cleanupOnFail: opts.cleanupOnFail,
        historyMax: Number(opts.historyMax),
        timeoutMs: parseDuration(opts.timeout),
        wait: waitStrategy(opts.wait),
        waitForJobs: opts.waitForJobs,
        noHooks: opts.hooks === false,
        serverSide: opts.serverSide === "auto" ? "auto" : opts.serverSide !== "false",
        forceReplace: opts.forceReplace || opts.force,
        forceConflicts: opts.forceConflicts,
        dryRun: opts.dryRun,
      }).finally(cancel.dispose);
      output.out(opts.output === "json" ? `${JSON.stringify({ name, revision: release.version, status: release.info.status })}\n` : "Rollback was a success! Happy Helming!\n");
    });
  return command;
}
