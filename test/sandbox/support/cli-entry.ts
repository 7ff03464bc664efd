/** Runs `runSandboxCli` as a real process, as bin/hookline will, so the CLI test can signal it. */
import { runSandboxCli } from "../../../lib/sandbox/cli";

process.exitCode = await runSandboxCli(process.argv.slice(2));
