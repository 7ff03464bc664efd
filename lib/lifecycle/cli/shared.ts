/**
 * What the `hookline install|upgrade|rollback|uninstall|test|history|status|list` commands share: helm's flags
 * (kubeconfig, context, namespace, values, timeout, wait), building a Configuration from them, printing progress
 * lines as events arrive, and helm-like result output (text or `-o json`).
 */
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { stringify as yamlStringify } from "yaml";
import { createReleaseStore, marshalRelease, type Release, type ReleaseStorage } from "@/lib/release";
import type { Configuration } from "../configuration";
import type { EventSink, LifecycleEvent } from "../events";
import type { WaitStrategy } from "../hooks";
import type { DryRun } from "../operation";

export interface GlobalFlags {
  kubeconfig?: string;
  kubeContext?: string;
  namespace?: string;
  output?: string;
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Flags every lifecycle command takes. */
export function withGlobalFlags(command: Command): Command {
  return command
    .option("--kubeconfig <path>", "path to the kubeconfig file")
    .option("--kube-context <name>", "name of the kubeconfig context to use")
    .option("-n, --namespace <namespace>", "namespace scope for this request")
    .addOption(new Option("-o, --output <format>", "prints the output in the specified format").choices(["table", "json", "yaml"]).default("table"));
}

/** helm 4's `--dry-run[=client|server|none]` (bare: client, deprecated) and `-l/--labels k=v,…`. */
export function withDryRunAndLabelFlags(command: Command): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  return command
    .option("--dry-run [strategy]", 'simulate the operation: "none" (default), "client" or "server"')
    .option("-l, --labels <key=value,...>", "labels added to the release record (repeatable)", collect);
}

/** The DryRun of `--dry-run`'s value, as helm 4's CLI reads it (true/false are legacy spellings). */
export function dryRunStrategy(value: unknown, output: Output): DryRun | undefined {
  if (value === undefined || value === "none" || value === "false") return undefined;
  if (value === true) {
    output.err("WARNING: --dry-run is deprecated and should be replaced with '--dry-run=client'\n");
    return "client";
  }
  if (value === "client" || value === "true") return "client";
  if (value === "server") return "server";
  throw new Error(`invalid dry-run value (${JSON.stringify(String(value))}). Must be "none", "server", or "client"`);
}

/** `--labels a=b,c=d` (repeatable; later wins), as pflag's stringToString reads it. */
export function parseLabels(values: string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const labels: Record<string, string> = {};
  for (const value of values) {
    for (const pair of value.split(",")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      if (eq < 0) throw new Error(`invalid argument "${value}" for "-l, --labels" flag: ${pair} must be formatted as key=value`);
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return labels;
}

export function withValuesFlags(command: Command): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  return command
    .option("-f, --values <file>", "specify values in a YAML file (can specify multiple)", collect)
    .option("--set <values>", "set values on the command line (key1=val1,key2=val2)", collect)
    .option("--set-string <values>", "set STRING values on the command line", collect)
    .option("--set-json <values>", "set JSON values on the command line", collect);
}

export function withWaitFlags(command: Command): Command {
  return command
    .option("--timeout <duration>", "time to wait for any individual Kubernetes operation (like Jobs for hooks)", "5m0s")
    .option("--wait [strategy]", "wait until resources are ready: watcher (bare --wait), hookOnly (default) or legacy")
    .option("--wait-for-jobs", "with --wait, also wait for Jobs to complete")
    .option("--no-hooks", "prevent hooks from running");
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds ("5m0s", "90s", "1m30s", "300ms"). */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === "0") return 0;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== trimmed) throw new Error(`time: invalid duration "${text}"`);
  return parts.reduce((total, [, n, unit]) => total + Number(n) * UNITS[unit!]!, 0);
}

export function waitStrategy(value: unknown): WaitStrategy | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true || value === "true" || value === "watcher") return "watcher";
  if (value === "false" || value === "hookOnly") return "hookOnly";
  if (value === "legacy") return "legacy";
  throw new Error(`invalid wait strategy "${String(value)}": use watcher, hookOnly or legacy`);
}

export interface CliContext {
  kube: KubeClient;
  namespace: string;
  releases: ReleaseStorage;
  config: Configuration;
}

/** A Configuration from helm's flags; HELM_DRIVER picks the storage driver, as helm does. */
export function cliContext(flags: GlobalFlags, sinks: EventSink[], output: Output, allNamespaces = false): CliContext {
  const kube = createKubeClient({ kubeconfigPath: flags.kubeconfig, context: flags.kubeContext });
  const namespace = flags.namespace || kube.namespace || "default";
  const releases = createReleaseStore({ driver: process.env.HELM_DRIVER ?? "", namespace: allNamespaces ? "" : namespace, client: kube });
  return { kube, namespace, releases, config: { kube, releases, sinks, log: (m) => output.err(`${m}\n`) } };
}

/**
 * Ctrl-C (SIGINT) or SIGTERM cancels the running operation, as in helm 4: waits stop, the failure path runs and
 * the release is marked failed. Call `dispose` when the operation is over.
 */
export function cancelOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const cancel = (name: string) => controller.abort(new Error(`received ${name}`));
  const onInt = () => cancel("SIGINT");
  const onTerm = () => cancel("SIGTERM");
  process.once("SIGINT", onInt);
  process.once("SIGTERM", onTerm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}

/** Reads `-f` files and passes the --set family through (parsed by lib/chart with helm's rules). */
export function readValueFiles(files: string[] | undefined): Array<{ name: string; content: string }> {
  return (files ?? []).map((name) => ({ name, content: name === "-" ? readFileSync(0, "utf8") : readFileSync(name, "utf8") }));
}

/** One progress line per meaningful event, as they arrive. */
export function progressSink(output: Output): EventSink {
  return {
    emit(e: LifecycleEvent) {
      const line = describeEvent(e);
      if (line) output.err(`${line}\n`);
    },
  };
}

export function describeEvent(e: LifecycleEvent): string | undefined {
  switch (e.type) {
    case "phase.started":
      return `==> ${e.phase}`;
    case "phase.finished":
      return e.outcome === "succeeded" ? undefined : `<== ${e.phase} ${e.outcome}: ${e.error ?? ""}`;
    case "hook.running":
      return `    hook ${e.kind}/${e.name} (weight ${e.weight}) running`;
    case "hook.succeeded":
      return `    hook ${e.kind}/${e.name} succeeded`;
    case "hook.failed":
      return `    hook ${e.kind}/${e.name} failed: ${e.error}`;
    case "hook.timedOut":
      return `    hook ${e.kind}/${e.name} timed out`;
    case "hook.deleted":
      return e.existed ? `    hook ${e.kind}/${e.name} deleted (${e.policy})` : undefined;
    case "resource.created":
    case "resource.updated":
    case "resource.deleted":
      return `    ${e.type.slice("resource.".length)} ${e.kind}/${e.name}`;
    case "resource.kept":
      return `    kept ${e.kind}/${e.name} (${e.reason})`;
    case "wait.failed":
      return `    wait failed: ${e.error}`;
    case "logs.captured":
      return e.emitted ? `--- logs ${e.pod}/${e.container}\n${e.text.trimEnd()}` : undefined;
    default:
      return undefined;
  }
}

/** The lines helm prints after install/upgrade/rollback/status. */
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go's time.ANSIC in local time ("Tue Nov 24 08:31:57 2026"), as helm prints LAST DEPLOYED. */
export function ansicTime(text: string | undefined): string {
  const date = text ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime())) return text ?? "";
  const two = (n: number) => String(n).padStart(2, "0");
  const day = String(date.getDate()).padStart(2, " ");
  return `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${day} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${date.getFullYear()}`;
}

/** `dryRun`: helm also prints the would-be hooks and manifest. */
export function printRelease(release: Release, format: string | undefined, output: Output, options: { dryRun?: boolean } = {}): void {
  // helm prints the whole release record for -o json|yaml (a dry run's would-be release included).
  if (format === "json") {
    output.out(`${marshalRelease(release)}\n`);
    return;
  }
  if (format === "yaml") {
    // sigs.k8s.io/yaml: keys sorted, sequences not indented, YAML 1.1 quoting.
    output.out(yamlStringify(JSON.parse(marshalRelease(release)), { sortMapEntries: true, indentSeq: false, version: "1.1" }));
    return;
  }
  output.out(
    [
      `NAME: ${release.name}`,
      `LAST DEPLOYED: ${ansicTime(release.info.last_deployed)}`,
      `NAMESPACE: ${release.namespace}`,
      `STATUS: ${release.info.status}`,
      `REVISION: ${release.version}`,
      `DESCRIPTION: ${release.info.description}`,
    ].join("\n") + "\n",
  );
  output.out(testSuiteLines(release));
  if (options.dryRun) {
    output.out(`HOOKS:\n${release.hooks.map((h) => `---\n# Source: ${h.path}\n${h.manifest}\n`).join("")}`);
    output.out(`MANIFEST:\n${release.manifest}\n`);
  }
  if (release.info.notes) output.out(`NOTES:\n${release.info.notes}\n`);
}

/** helm's TEST SUITE block: "None" without test hooks, else each test hook that has run. */
function testSuiteLines(release: Release): string {
  const tests = release.hooks.filter((h) => h.events.includes("test"));
  if (tests.length === 0) return "TEST SUITE: None\n";
  return tests
    .filter((h) => h.last_run.started_at)
    .map(
      (h) =>
        `TEST SUITE:     ${h.name}\nLast Started:   ${ansicTime(h.last_run.started_at)}\nLast Completed: ${ansicTime(h.last_run.completed_at)}\nPhase:          ${h.last_run.phase}\n`,
    )
    .join("");
}

export function chartLabel(release: Release): string {
  const m = release.chart?.metadata;
  return m ? `${m.name ?? ""}-${m.version ?? ""}` : "";
}

/** Left-aligned columns separated by a tab, like helm's table output. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join(" \t").trimEnd()).join("\n") + "\n";
}
