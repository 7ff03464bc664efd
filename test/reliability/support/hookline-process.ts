/**
 * Test side of test/reliability/fixtures/hookline-process.ts: bundles it once with esbuild (the same sources the
 * server runs; a bundle starts in a fraction of the time tsx needs to compile them on a busy machine), spawns it as
 * a plain Node process, sends it commands and waits for its JSON output lines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "../../..");

/** Bundles the fixture inside node_modules/.cache (so its external packages resolve from node_modules). */
export async function bundleHooklineProcess(): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = path.join(root, "node_modules", ".cache", "hookline-reliability", randomBytes(6).toString("hex"));
  const file = path.join(dir, "hookline-process.mjs");
  await build({
    entryPoints: [path.join(root, "test/reliability/fixtures/hookline-process.ts")],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // As scripts/build-cli.mjs: native and self-loading packages stay in node_modules.
    external: ["better-sqlite3", "pg", "@prisma/*", "prisma", "@kubernetes/client-node", "tsx", "esbuild"],
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
    banner: { js: "import { createRequire as __hooklineCreateRequire } from 'node:module'; const require = __hooklineCreateRequire(import.meta.url);" },
  });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

export type Line = { t: string } & Record<string, unknown>;

export interface HooklineProcess {
  readonly pid: number;
  /** Every line printed so far. */
  readonly lines: Line[];
  send(command: Record<string, unknown>): void;
  /** The first line at index `from` or later that matches. */
  waitFor(match: (line: Line) => boolean, from?: number, timeoutMs?: number): Promise<Line>;
  /** Sends the signal and resolves once the process has exited and its output is read. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Asks the process to finish what it is doing and exit. */
  exit(): Promise<void>;
  readonly stderr: () => string;
}

/** Starts a Hookline process from a bundle made by bundleHooklineProcess. */
export function spawnHooklineProcess(bundle: string, env: Record<string, string>): HooklineProcess {
  const child: ChildProcess = spawn(process.execPath, [bundle], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: Line[] = [];
  let stderr = "";
  let waiters: Array<() => void> = [];
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const w of current) w();
  };
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const reader = createInterface({ input: child.stdout! });
  reader.on("line", (text) => {
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      stderr += `${text}\n`;
    }
    wake();
  });
  let exited = false;
  const outputRead = new Promise<void>((resolve) => reader.on("close", resolve));
  const reaped = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  // Done when the output is read and the process reaped (a zombie still answers kill(pid, 0)).
  const closed = Promise.all([outputRead, reaped]).then(() => {
    exited = true;
    wake();
  });
  return {
    pid: child.pid!,
    lines,
    stderr: () => stderr,
    send(command) {
      child.stdin!.write(`${JSON.stringify(command)}\n`);
    },
    async waitFor(match, from = 0, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.slice(from).find(match);
        if (found) return found;
        if (exited) throw new Error(`the Hookline process exited before the awaited line; stderr:\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for a line; last lines:\n${lines.slice(-5).map((l) => JSON.stringify(l)).join("\n")}\nstderr:\n${stderr}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 250);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async kill(signal) {
      child.kill(signal);
      await closed;
    },
    async exit() {
      child.stdin!.write(`${JSON.stringify({ cmd: "exit" })}\n`);
      await closed;
    },
  };
}
