/** `hookline history NAME`: the revisions of a release, as `helm history` prints them. */
import { Command } from "commander";
import { chartLabel, cliContext, processOutput, table, withGlobalFlags, type Output } from "@/lib/lifecycle/cli/shared";

export function historyCommand(output: Output = processOutput): Command {
  const command = new Command("history").description("fetch release history").argument("<name>");
  withGlobalFlags(command)
    .option("--max <n>", "maximum number of revisions to include in history", "256")
    .action(async (name: string, opts) => {
      const { releases } = cliContext(opts, [], output);
      const history = (await releases.history(name)).slice(-Number(opts.max));
      const rows = history.map((r) => ({
        revision: r.version,
        updated: r.info.last_deployed ?? "",
        status: r.info.status,
        chart: chartLabel(r),
        app_version: r.chart?.metadata?.appVersion ?? "",
        description: r.info.description,
      }));
      if (opts.output === "json") output.out(`${JSON.stringify(rows)}\n`);
      else {
        output.out(
          table(
            ["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"],
            rows.map((r) => [String(r.revision), r.updated, r.status, r.chart, r.app_version, r.description]),
          ),
        );
      }
    });
  return command;
}
