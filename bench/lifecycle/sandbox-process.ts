/**
 * A sandbox in its own process for the lifecycle benchmark, so Hookline (in the benchmark's process) and helm
 * (its own process) both talk to a server that does not share their event loop. Writes a kubeconfig to argv[2],
 * prints "ready", and stops on SIGTERM/SIGINT.
 *
 * Over the IPC channel it answers "traffic" with the API requests and TCP connections it accepted since the last
 * such question, so the benchmark can put round trips beside the times. The sandbox does not expose its HTTP
 * server, so the counting listens on every http.Server of this process (there is only the sandbox's).
 */
import http from "node:http";
import { startSandbox } from "../../lib/sandbox/sandbox";

export interface Traffic {
  requests: number;
  connections: number;
}

const traffic: Traffic = { requests: 0, connections: 0 };
const emit = http.Server.prototype.emit;
function countingEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
  if (event === "request") traffic.requests++;
  else if (event === "connection") traffic.connections++;
  return (emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
}
http.Server.prototype.emit = countingEmit as typeof emit;

const kubeconfig = process.argv[2];
if (!kubeconfig) throw new Error("usage: sandbox-process.ts <kubeconfig file>");
const sandbox = await startSandbox({ timing: { podStartMs: 0, podRunMs: 0, volumeBindMs: 0 } });
sandbox.writeKubeconfig(kubeconfig);
process.on("message", (message) => {
  if (message !== "traffic") return;
  process.send?.({ ...traffic });
  traffic.requests = 0;
  traffic.connections = 0;
});
const stop = () => void sandbox.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdout.write("ready\n");
