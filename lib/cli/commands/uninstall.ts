/** `hookline uninstall NAME`: uninstalls a release with Hookline's lifecycle engine (delete hooks included). */
import { Command, Option } from "commander";
import { runUninstall } from "@/lib/lifecycle";
import { cancelOnSignals, cliContext, parseDuration, processOutput, progressSink, waitStrategy, withGlobalFlags, withWaitFlags, type Output } from "@/lib/lifecycle/cli/shared";

export function uninstallCommand(output: Output = processOutput): Command {
  const command = new Command("uninstall").description("uninstall a release").argument("<name>");
  withWaitFlags(withGlobalFlags(command))
    .option("--keep-history", "remove all associated resources and mark the release as deleted, but retain the release history")
    .addOption(new Option("--cascade <policy>", "background, orphan or foreground").default("background"))
    .option("--ignore-not-found", "treat \"release not found\" as a successful uninstall")
    .option("--description <text>", "add a custom description")
    .option("--dry-run", "simulate an uninstall")
    .action(async (name: string, opts) => {
      const { config, namespace } = cliContext(opts, [progressSink(output)], output);
      const kept: string[] = [];
      config.sinks = [...(config.sinks ?? []), { emit: (e) => (e.type === "resource.kept" && e.reason.endsWith(": keep") ? kept.push(`[${e.kind}] ${e.name}`) : undefined) }];
      const cancel = cancelOnSignals();
      await runUninstall(config, {
        signal: cancel.signal,
        releaseName: name,
        namespace,
        keepHistory: opts.keepHistory,
        cascade: opts.cascade,
        ignoreNotFound: opts.ignoreNotFound,
        description: opts.description,
        timeoutMs: parseDuration(opts.timeout),
        wait: waitStrategy(opts.wait),
        noHooks: opts.hooks === false,
        dryRun: opts.dryRun,
      }).finally(cancel.dispose);
      if (kept.length > 0) output.out(`These resources were kept due to the resource policy:\n${kept.join("\n")}\n\n`);
      output.out(`release "${name}" uninstalled\n`);
    });
  return command;
}
