/** `hookline status NAME`: a release's latest (or given) revision, as `helm status` shows it, with its hooks. */
import { Command } from "commander";
import { cliContext, printRelease, processOutput, withGlobalFlags, type Output } from "@/lib/lifecycle/cli/shared";

export function statusCommand(output: Output = processOutput): Command {
  const command = new Command("status").description("display the status of the named release").argument("<name>");
  withGlobalFlags(command)
    .option("--revision <n>", "display the status of the named release with revision")
    .action(async (name: string, opts) => {
      const { releases } = cliContext(opts, [], output);
      const release = opts.revision ? await releases.get(name, Number(opts.revision)) : await releases.last(name);
      printRelease(release, opts.output, output);
      if (opts.output !== "json") {
        for (const hook of release.hooks) {
          output.out(`HOOK ${hook.kind}/${hook.name} [${hook.events.join(",")}] weight ${hook.weight}: ${hook.last_run.phase || "never run"}\n`);
        }
      }
    });
  return command;
}
