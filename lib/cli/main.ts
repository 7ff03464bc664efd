/**
 * The `hookline` command: a registry of subcommands with helm-compatible flags. Each subcommand is a module in
 * lib/cli/commands that exports a commander Command factory; main() wires them and returns the exit code.
 */
import { Command, CommanderError } from "commander";
import { HOOKLINE_VERSION } from "@/lib/version";
import { migrateCommand } from "./commands/migrate";
import { sandboxCommand } from "./commands/sandbox";
import { installCommand } from "./commands/install";
import { upgradeCommand } from "./commands/upgrade";
import { rollbackCommand } from "./commands/rollback";
import { uninstallCommand } from "./commands/uninstall";
import { testCommand } from "./commands/test";
import { historyCommand } from "./commands/history";
import { statusCommand } from "./commands/status";
import { listCommand } from "./commands/list";
import { templateCommand } from "./commands/template";
import { planCommand } from "./commands/plan";

export function buildProgram(): Command {
  const program = new Command("hookline")
    .description("Hookline: the Helm release lifecycle with visible hooks (template, plan, upgrade, sandbox, …)")
    .version(HOOKLINE_VERSION, "--version", "print Hookline's version")
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(migrateCommand());
  program.addCommand(sandboxCommand());
  for (const lifecycle of [installCommand, upgradeCommand, rollbackCommand, uninstallCommand, testCommand, historyCommand, statusCommand, listCommand]) {
    program.addCommand(lifecycle());
  }
  program.addCommand(templateCommand());
  program.addCommand(planCommand());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
