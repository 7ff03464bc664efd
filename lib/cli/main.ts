/**
 * The `hookline` command: a registry of subcommands with helm-compatible flags. Each subcommand is a module in
 * lib/cli/commands that exports a commander Command factory. Modules load on demand: `hookline template` never
 * evaluates the cluster client or the database driver, which keeps a cold start short (the bundle splits per command).
 */
import { Command, CommanderError } from "commander";
import { HOOKLINE_VERSION } from "@/lib/version";

type Factory = () => Command;

/** Subcommands in the order `--help` lists them, each loaded only when needed. */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Factory>]> = [
  ["migrate", async () => (await import("./commands/migrate")).migrateCommand],
  ["sandbox", async () => (await import("./commands/sandbox")).sandboxCommand],
  ["install", async () => (await import("./commands/install")).installCommand],
  ["upgrade", async () => (await import("./commands/upgrade")).upgradeCommand],
  ["rollback", async () => (await import("./commands/rollback")).rollbackCommand],
  ["uninstall", async () => (await import("./commands/uninstall")).uninstallCommand],
  ["test", async () => (await import("./commands/test")).testCommand],
  ["history", async () => (await import("./commands/history")).historyCommand],
  ["status", async () => (await import("./commands/status")).statusCommand],
  ["list", async () => (await import("./commands/list")).listCommand],
  ["template", async () => (await import("./commands/template")).templateCommand],
  ["plan", async () => (await import("./commands/plan")).planCommand],
];

const ALIASES: Record<string, string> = { ls: "list" };

/** The program with the subcommand `argv` names, or with all of them when it names none we know (help, errors). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("hookline")
    .description("Hookline: the Helm release lifecycle with visible hooks (template, plan, upgrade, sandbox, …)")
    .version(HOOKLINE_VERSION, "--version", "print Hookline's version")
    .showHelpAfterError()
    .exitOverride();
  const first = argv.find((a) => !a.startsWith("-"));
  const wanted = first ? (ALIASES[first] ?? first) : undefined;
  const onlyVersion = !wanted && argv.includes("--version");
  const selected = onlyVersion ? [] : COMMANDS.some(([name]) => name === wanted) ? COMMANDS.filter(([name]) => name === wanted) : COMMANDS;
  for (const [, load] of selected) program.addCommand((await load())());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv, { from: "user" });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
