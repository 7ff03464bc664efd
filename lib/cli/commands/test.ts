/** `hookline test NAME`: runs a release's test hooks with Hookline's lifecycle engine. */
import { Command } from "commander";
import { CollectingSink, runTest } from "@/lib/lifecycle";
import { cancelOnSignals, cliContext, parseDuration, printRelease, processOutput, progressSink, withGlobalFlags, type Output } from "@/lib/lifecycle/cli/shared";

export function testCommand(output: Output = processOutput): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const command = new Command("test").description("run tests for a release").argument("<name>");
  withGlobalFlags(command)
    .option("--timeout <duration>", "time to wait for any individual Kubernetes operation", "5m0s")
    .option("--logs", "dump the logs from test pods")
    .option("--filter <filter>", "name=<hook> to include, !name=<hook> to exclude (repeatable)", collect)
    .action(async (name: string, opts) => {
      const events = new CollectingSink();
      const { config, namespace } = cliContext(opts, [progressSink(output), events], output);
      const filters: string[] = (opts.filter ?? []).flatMap((f: string) => f.split(","));
      const include = filters.filter((f) => f.startsWith("name=")).map((f) => f.slice(5));
      const exclude = filters.filter((f) => f.startsWith("!name=")).map((f) => f.slice(6));
      const cancel = cancelOnSignals();
      const release = await runTest(config, {
        releaseName: name,
        namespace,
        include,
        exclude,
        logs: opts.logs,
        timeoutMs: parseDuration(opts.timeout),
        signal: cancel.signal,
      }).finally(cancel.dispose);
      printRelease(release, opts.output, output);
    });
  return command;
}
