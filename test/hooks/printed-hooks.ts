/**
 * A second, deliberately simple reading of hooks for tests: `helm template` prints hooks after the regular
 * manifests, in the order Helm stores them, so the hook documents of a golden output, read in printed order, are the
 * `release.hooks` list helm would run from. Written separately from lib/hooks so the two can disagree.
 */
import { parse } from "yaml";
import type { StoredHook } from "./helm-oracle";

const EVENTS = new Set(["pre-install", "post-install", "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "pre-delete", "post-delete", "test"]);

interface Head {
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, unknown> };
}

const list = (value: unknown) => String(value).split(",").map((p) => p.trim().toLowerCase());

/** Hooks of a `helm template` output, in printed order, shaped like helm's release JSON. */
export function printedHooks(output: string): StoredHook[] {
  const hooks: StoredHook[] = [];
  for (const chunk of output.split(/^---$/m)) {
    const source = /^# Source: (.*)$/m.exec(chunk)?.[1];
    if (!source) continue;
    const head = (parse(chunk, { version: "1.1" }) ?? {}) as Head;
    const annotations = head.metadata?.annotations ?? {};
    if (!("helm.sh/hook" in annotations)) continue;
    const events = list(annotations["helm.sh/hook"] ?? "").map((e) => (e === "test-success" ? "test" : e));
    if (!events.every((e) => EVENTS.has(e))) continue;
    const weightText = String(annotations["helm.sh/hook-weight"] ?? "");
    const hook: StoredHook = { name: head.metadata?.name, kind: head.kind, path: source, events };
    if (/^[+-]?\d+$/.test(weightText) && Number(weightText) !== 0) hook.weight = Number(weightText);
    if ("helm.sh/hook-delete-policy" in annotations) hook.delete_policies = list(annotations["helm.sh/hook-delete-policy"] ?? "");
    if ("helm.sh/hook-output-log-policy" in annotations) hook.output_log_policies = list(annotations["helm.sh/hook-output-log-policy"] ?? "");
    hooks.push(hook);
  }
  return hooks;
}
