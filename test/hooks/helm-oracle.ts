/**
 * The real helm v4.1.4 as the oracle for hook plans: `helm install --dry-run=client -o json` prints the release with
 * its stored hooks (no cluster needed); running each event's hooks through a stable sort by weight and then name —
 * which is all Helm's execHook does before running them — gives the order Helm executes them in.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import { helm } from "@/test/helpers/helm-cli";

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

// A kubeconfig that does not exist: nothing here may reach a cluster.
const NO_CLUSTER = path.join(tmpdir(), "hookline-hooks-no-such-kubeconfig");

/** `helm install <name> <chart> --dry-run=client -o json`: the release Helm would store, hooks included. */
export async function helmDryRunInstall(releaseName: string, chartDir: string, args: readonly string[] = []): Promise<DryRunRelease> {
  const { stdout } = await helm(["install", releaseName, chartDir, "--dry-run=client", "-o", "json", ...args], NO_CLUSTER);
  const release = JSON.parse(stdout) as { hooks?: StoredHook[]; manifest?: string };
  return { hooks: release.hooks ?? [], manifest: release.manifest ?? "" };
}

/** `helm template <name> <chart>`: the rendered documents with their `# Source:` headers. */
export async function helmTemplate(releaseName: string, chartDir: string, args: readonly string[] = []): Promise<string> {
  return (await helm(["template", releaseName, chartDir, ...args], NO_CLUSTER)).stdout;
}

/** Go's byte-wise string order, written independently of lib/hooks so the oracle does not share its code. */
function goLess(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Helm's execHook selection + `sort.Stable(hookByWeight)`: per event, the stored hooks in the order they run. */
export function helmExecutionRuns(hooks: readonly StoredHook[]): Record<string, StoredHook[]> {
  const byEvent: Record<string, StoredHook[]> = {};
  for (const hook of hooks) {
    for (const event of hook.events ?? []) (byEvent[event] ??= []).push(hook);
  }
  const runs: Record<string, StoredHook[]> = {};
  for (const [event, list] of Object.entries(byEvent)) {
    runs[event] = list
      .map((hook, index) => ({ hook, index }))
      .sort(
        (a, b) =>
          (a.hook.weight ?? 0) - (b.hook.weight ?? 0) ||
          goLess(a.hook.name ?? "", b.hook.name ?? "") ||
          a.index - b.index,
      )
      .map(({ hook }) => hook);
  }
  return runs;
}
