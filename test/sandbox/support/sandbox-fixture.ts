/**
 * Test support: a sandbox on a free port with a temporary data directory and fast simulated workloads, a kubeconfig
 * and isolated HOME/helm directories for the real binaries, and small HTTP helpers.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Sandbox, type SandboxOptions, startSandbox } from "@/lib/sandbox";
import { helmBinary, kubectlBinary } from "@/test/helpers/binaries";

export interface SandboxFixture {
  sandbox: Sandbox;
  dir: string;
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export const FAST_TIMING = { podStartMs: 30, podRunMs: 150, volumeBindMs: 20 };

export async function startFixture(options: SandboxOptions = {}): Promise<SandboxFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-sandbox-test-"));
  const sandbox = await startSandbox({ port: 0, dataDir: path.join(dir, "data"), timing: FAST_TIMING, ...options });
  const kubeconfig = path.join(dir, "kubeconfig");
  sandbox.writeKubeconfig(kubeconfig);
  const env: NodeJS.ProcessEnv = Object.assign({} as NodeJS.ProcessEnv, {
    PATH: process.env.PATH,
    HOME: path.join(dir, "home"),
    KUBECONFIG: kubeconfig,
    HELM_CACHE_HOME: path.join(dir, "helm", "cache"),
    HELM_CONFIG_HOME: path.join(dir, "helm", "config"),
    HELM_DATA_HOME: path.join(dir, "helm", "data"),
  });
  return {
    sandbox,
    dir,
    kubeconfig,
    env,
    async stop() {
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

export async function kubectl(fixture: SandboxFixture, args: string[], input?: string): Promise<RunResult> {
  return run(await kubectlBinary(), ["--kubeconfig", fixture.kubeconfig, ...args], fixture.env, input);
}

export async function helm(fixture: SandboxFixture, args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
  return run(await helmBinary(), [...args, "--kubeconfig", fixture.kubeconfig], { ...fixture.env, ...extraEnv });
}

// Tests read arbitrary Kubernetes JSON; `any` keeps those reads short, and the assertions check the shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export async function api(fixture: SandboxFixture, method: string, urlPath: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${fixture.sandbox.url}${urlPath}`, {
    method,
    headers: { "Content-Type": contentType, Accept: "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = {};
  try {
    parsed = text ? (JSON.parse(text) as Json) : {};
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
