/**
 * Loads the sandbox cluster (lib/sandbox) for tests that need a real API server over HTTP. When it cannot be
 * imported, tests that use it are skipped and the reason is printed, so a missing sandbox never passes silently.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

type SandboxModule = typeof import("@/lib/sandbox");
export type Sandbox = Awaited<ReturnType<SandboxModule["startSandbox"]>>;

let loaded: { module?: SandboxModule; reason?: string } | undefined;

export async function loadSandboxModule(): Promise<{ module?: SandboxModule; reason?: string }> {
  if (!loaded) {
    try {
      loaded = { module: await import("@/lib/sandbox") };
    } catch (error) {
      loaded = { reason: error instanceof Error ? error.message : String(error) };
      console.warn(`skipped: lib/sandbox cannot be imported: ${loaded.reason}`);
    }
  }
  return loaded;
}

export interface RunningSandbox {
  sandbox: Sandbox;
  kubeconfigPath: string;
}

/** Starts a sandbox with short workload timings and writes a kubeconfig for it. */
export async function startTestSandbox(options: Parameters<SandboxModule["startSandbox"]>[0] = {}): Promise<RunningSandbox> {
  const { module, reason } = await loadSandboxModule();
  if (!module) throw new Error(`lib/sandbox unavailable: ${reason}`);
  const sandbox = await module.startSandbox({ timing: { podStartMs: 20, podRunMs: 150, volumeBindMs: 10 }, ...options });
  const kubeconfigPath = path.join(mkdtempSync(path.join(tmpdir(), "hookline-sbx-")), "config");
  sandbox.writeKubeconfig(kubeconfigPath);
  return { sandbox, kubeconfigPath };
}

export const sandboxAvailable = (await loadSandboxModule()).module !== undefined;
