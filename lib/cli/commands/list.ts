/** `hookline list`: the releases of a namespace (or all, with -A), as `helm list` shows them. */
import { Command } from "commander";
import type { Release } from "@/lib/release";
import { chartLabel, cliContext, processOutput, table, withGlobalFlags, type Output } from "@/lib/lifecycle/cli/shared";

/** helm list's default view: deployed and failed releases (plus pending ones, which are in progress). */
const LISTED = new Set(["deployed", "failed", "pending-install", "pending-upgrade", "pending-rollback"]);

export function listCommand(output: Output = processOutput): Command {
  const command = new Command("list").alias("ls").description("list releases");
  withGlobalFlags(command)
    .option("-A, --all-namespaces", "list releases across all namespaces")
    .option("-a, --all", "show all releases without any filter applied")
    .action(async (opts) => {
      const { releases } = cliContext(opts, [], output, opts.allNamespaces);
      const latest = new Map<string, Release>();
      for (const r of await releases.list()) {
        const key = `${r.namespace}/${r.name}`;
        if ((latest.get(key)?.version ?? 0) < r.version) latest.set(key, r);
      }
      const shown = [...latest.values()]
        .filter((r) => opts.all || LISTED.has(r.info.status))
        .sort((a, b) => a.name.localeCompare(b.name));
      const rows = shown.map((r) => ({
        name: r.name,
        namespace: r.namespace,
        revision: String(r.version),
        updated: r.info.last_deployed ?? "",
        status: r.info.status,
        chart: chartLabel(r),
        app_version: r.chart?.metadata?.appVersion ?? "",
      }));
      if (opts.output === "json") output.out(`${JSON.stringify(rows)}\n`);
      else output.out(table(["NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"], rows.map((r) => Object.values(r))));
    });
  return command;
}
