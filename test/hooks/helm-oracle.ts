/**
 * The real helm v4.1.4 as the oracle for hook plans: `helm install --dry-run=client -o json` prints the release with
 * its stored hooks (no cluster needed); running each event's hooks through a stable sort by weight and then name —
 * which is all Helm's execHook does before running them — gives the order Helm executes them in.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);

export interface StoredHook {
  name?: string;
  kind?: string;
  path?: string;
  events?: string[];
  weight?: number;
  delete_policies?: string[];
  output_log_policies?: string[];
  manifest?: string;
}

export interface DryRunRelease {
  hooks: StoredHook[];
  manifest: string;
}

/** Runs helm with a throwaway Helm home and a kubeconfig that does not exist, so nothing can reach a cluster. */
async function runHelm(args: readonly string[], cwd?: string): Promise<string> {
  const home = await mkdtemp(path.join(tmpdir(), "hookline-helm-"));
  try {
    const { stdout } = await run(await helmBinary(), [...args], {
      cwd,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        HOME: home,
        HELM_CACHE_HOME: path.join(home, "cache"),
        HELM_CONFIG_HOME: path.join(home, "config"),
        HELM_DATA_HOME: path.join(home, "data"),
        KUBECONFIG: path.join(home, "no-such-kubeconfig"),
      },
    });
    return stdout;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** `helm install <name> <chart> --dry-run=client -o json`: the release Helm would store, hooks included. */
export async function helmDryRunInstall(
  releaseName: string,
  chartDir: string,
  args: readonly string[] = [],
  cwd?: string,
): Promise<DryRunRelease> {
  const stdout = await runHelm(["install", releaseName, chartDir, "--dry-run=client", "-o", "json", ...args], cwd);
  const release = JSON.parse(stdout) as { hooks?: StoredHook[]; manifest?: string };
  return { hooks: release.hooks ?? [], manifest: release.manifest ?? "" };
}

/** `helm template <name> <chart>`: the rendered documents with their `# Source:` headers. */
export function helmTemplate(releaseName: string, chartDir: string, args: readonly string[] = [], cwd?: string): Promise<string> {
  return runHelm(["template", releaseName, chartDir, ...args], cwd);
}

/** Go's byte-wise string order, written independently of lib/hooks so the oracle does not share its code. */
function goLess(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Helm's execHook selection + `sort.Stable(hookByWeight)`, per event: "Kind/name@path" per run. */
export function helmExecutionOrder(hooks: readonly StoredHook[]): Record<string, string[]> {
  const byEvent: Record<string, StoredHook[]> = {};
  for (const hook of hooks) {
    for (const event of hook.events ?? []) (byEvent[event] ??= []).push(hook);
  }
  const order: Record<string, string[]> = {};
  for (const [event, list] of Object.entries(byEvent)) {
    const sorted = list
      .map((hook, index) => ({ hook, index }))
      .sort(
        (a, b) =>
          (a.hook.weight ?? 0) - (b.hook.weight ?? 0) ||
          goLess(a.hook.name ?? "", b.hook.name ?? "") ||
          a.index - b.index,
      );
    order[event] = sorted.map(({ hook }) => `${hook.kind ?? ""}/${hook.name ?? ""}@${hook.path ?? ""}`);
  }
  return order;
}
