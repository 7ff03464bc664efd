/**
 * `hookline sandbox [--port N] [--kubeconfig FILE] [--data DIR]` runs a sandbox until SIGINT/SIGTERM and prints its
 * URL once ready; `hookline sandbox reset [--data DIR]` empties a stopped sandbox's saved state. The data directory
 * defaults to ~/.hookline/sandbox and the kubeconfig to `kubeconfig` inside it.
 */
import os from "node:os";
import path from "node:path";
import { StateFile } from "./store/persistence";
import { startSandbox } from "./sandbox";

interface CliOptions {
  command: "run" | "reset";
  port: number;
  kubeconfig: string;
  dataDir: string;
}

export const DEFAULT_SANDBOX_DATA_DIR = path.join(os.homedir(), ".hookline", "sandbox");

const USAGE = "usage: hookline sandbox [--port N] [--kubeconfig FILE] [--data DIR]\n       hookline sandbox reset [--data DIR]";

function parseArgs(argv: string[]): CliOptions {
  const args = argv[0] === "sandbox" ? argv.slice(1) : [...argv];
  const options: CliOptions = { command: "run", port: 0, kubeconfig: "", dataDir: DEFAULT_SANDBOX_DATA_DIR };
  if (args[0] === "reset") {
    options.command = "reset";
    args.shift();
  }
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === "--port") {
      options.port = Number(value());
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`invalid --port\n${USAGE}`);
    } else if (flag === "--kubeconfig") options.kubeconfig = path.resolve(value());
    else if (flag === "--data") options.dataDir = path.resolve(value());
    else throw new Error(`unknown argument ${args[i]}\n${USAGE}`);
  }
  options.kubeconfig ||= path.join(options.dataDir, "kubeconfig");
  return options;
}

/** Runs the CLI; resolves with the exit code once the sandbox has stopped (or right away for `reset`). */
export async function runSandboxCli(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (options.command === "reset") {
    StateFile.remove(options.dataDir);
    process.stdout.write(`sandbox state in ${options.dataDir} removed\n`);
    return 0;
  }
  const sandbox = await startSandbox({ port: options.port, dataDir: options.dataDir });
  sandbox.writeKubeconfig(options.kubeconfig);
  process.stdout.write(`hookline sandbox listening on ${sandbox.url} (kubeconfig: ${options.kubeconfig})\n`);
  await new Promise<void>((resolve) => {
    const shutdown = (): void => {
      process.off("SIGINT", shutdown);
      process.off("SIGTERM", shutdown);
      resolve();
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
  await sandbox.stop();
  return 0;
}
