/**
 * post-install and post-upgrade hooks that talk to the chart's own workloads. With Helm 4's default
 * `--wait=hookOnly`, Helm does not wait for regular resources, so such a hook starts while the Deployment or
 * StatefulSet it calls is still rolling out. "Talks to" means a container's command, args or env value names the
 * workload or a Service of the release.
 */
import { isMap, isPair, isScalar, isSeq } from "yaml";
import type { HookRecord } from "../classify";
import { pairAt, pairOf } from "../document";
import { HOOK_ANNOTATION } from "../vocabulary";
import type { LintContext, LintRule } from "./context";

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Service"]);
const POST_EVENTS = new Set(["post-install", "post-upgrade"]);

function strings(node: unknown, out: string[]): void {
  if (isScalar(node)) {
    if (typeof node.value === "string") out.push(node.value);
  } else if (isSeq(node)) {
    for (const item of node.items) strings(item, out);
  } else if (isMap(node)) {
    for (const item of node.items) if (isPair(item)) strings(item.value, out);
  }
}

/** Text the hook's containers run with: command, args and env values (not labels, which name everything). */
function containerText(hook: HookRecord): string[] {
  const podSpec = hook.document.kind === "Job" ? ["spec", "template", "spec"] : ["spec"];
  const out: string[] = [];
  for (const list of ["containers", "initContainers"]) {
    const containers = pairAt(hook.document.tree, [...podSpec, list])?.value;
    if (!isSeq(containers)) continue;
    for (const container of containers.items) {
      for (const field of ["command", "args", "env"]) strings(pairOf(container, field)?.value, out);
    }
  }
  return out;
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-z0-9-])${escaped}($|[^a-z0-9-])`).test(text);
}

export const readinessRules: LintRule = (context: LintContext) => {
  if (context.wait !== "hookOnly") return;
  const workloads = context.classified.flatMap((entry) =>
    entry.type === "resource" && WORKLOAD_KINDS.has(entry.document.kind) && entry.document.name !== "" ? [entry.document] : [],
  );
  if (workloads.length === 0) return;
  for (const hook of context.hooks) {
    const events = hook.events.filter((event) => POST_EVENTS.has(event));
    if (events.length === 0 || (hook.document.kind !== "Job" && hook.document.kind !== "Pod")) continue;
    const text = containerText(hook);
    const needed = workloads.filter((workload) => text.some((line) => mentions(line, workload.name)));
    if (needed.length === 0) continue;
    const names = needed.map((w) => `${w.kind}/${w.name}`).join(", ");
    context.report(
      hook.document,
      pairAt(hook.document.tree, ["metadata", "annotations", HOOK_ANNOTATION])?.value,
      "warning",
      "post-hook-without-wait",
      `This ${[...new Set(events)].join("/")} hook uses ${names}, but with Helm 4's default --wait=hookOnly Helm does not wait for the release's resources to be ready before post hooks run. Deploy with --wait (or --wait=watcher), or make the hook retry until ${needed.length > 1 ? "they are" : "it is"} up.`,
    );
  }
};
