/**
 * A sandbox in its own process for the lifecycle benchmark, so Hookline (in the benchmark's process) and helm
 * (its own process) both talk to a server that does not share their event loop. Writes a kubeconfig to argv[2],
 * prints "ready", and stops on SIGTERM/SIGINT.
 */
import { startSandbox } from "../../lib/sandbox/sandbox";

const kubeconfig = process.argv[2];
if (!kubeconfig) throw new Error("usage: sandbox-process.ts <kubeconfig file>");
const sandbox = await startSandbox({ timing: { podStartMs: 0, podRunMs: 0, volumeBindMs: 0 } });
sandbox.writeKubeconfig(kubeconfig);
const stop = () => void sandbox.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdout.write("ready\n");
