/**
 * Starts Hookline for a browser test exactly as `npm start` does (scripts/start.ts), on a free port with a
 * throwaway data directory, and stops it (and everything it started) afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface RunningApp {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function startApp(extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hookline-app-"));
  const root = process.cwd();
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: "127.0.0.1", HOOKLINE_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv };
  delete env.KUBECONFIG;
  delete env.DATABASE_URL;
  if (extraEnv.KUBECONFIG) env.KUBECONFIG = extraEnv.KUBECONFIG;
  if (extraEnv.DATABASE_URL) env.DATABASE_URL = extraEnv.DATABASE_URL;
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "start.ts")], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Hookline did not become ready in 150 s:\n${output}`)), 150_000);
    const check = () => {
      if (output.includes("[hookline] ready:")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Hookline exited with code ${code} before it was ready:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      // The start script runs in its own process group: end the group, so next-server goes too.
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await waitForExit(child, 10_000);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
