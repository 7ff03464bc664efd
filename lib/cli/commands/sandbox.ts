/**
 * `hookline sandbox [--port N] [--kubeconfig FILE] [--data DIR]` and `hookline sandbox reset [--data DIR]`: the
 * embedded cluster on its own, for helm, kubectl and users' scripts. lib/sandbox parses its own flags.
 */
import { Command } from "commander";
import { runSandboxCli } from "@/lib/sandbox";

export function sandboxCommand(): Command {
  return new Command("sandbox")
    .description("run the embedded sandbox Kubernetes API server (or `sandbox reset` to empty its saved state)")
    .argument("[args...]", "[reset] [--port N] [--kubeconfig FILE] [--data DIR]")
    .allowUnknownOption(true)
    .helpOption(false)
    .action(async (args: string[]) => {
      process.exitCode = await runSandboxCli(args);
    });
}
