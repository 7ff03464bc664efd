/**
 * The data shapes of lib/hooks: what the renderer hands in (rendered documents, optionally with a map back to
 * template lines) and what comes out (a hook plan per event, lint findings). Plain data only, so that both can
 * cross a Web Worker boundary with structured clone.
 */

/** Where a line of rendered output came from in a template file. Lines and columns are 1-based. */
export interface TemplatePosition {
  /** Template file, when it differs from the document's `source` (e.g. a line produced by an `include`d partial). */
  file?: string;
  line: number;
  column: number;
}

/** One YAML document exactly as rendered, and the template it came from. */
export interface RenderedDocument {
  /** Template path as Helm names it, e.g. `mychart/templates/job.yaml` or `mychart/charts/sub/templates/x.yaml`. */
  source: string;
  /** The text of one YAML document, without its `---` separator. */
  text: string;
  /**
   * Line (1-based) at which `text` starts inside the text it was cut from: the rendered file of `source`, or a whole
   * `helm template` output. Reported positions are shifted by it. Defaults to 1.
   */
  startLine?: number;
  /**
   * Optional map from the document's lines to template positions: entry `i` is where the first character of line
   * `i + 1` of `text` was produced; `null` or a missing entry means unknown. Mapped findings point into the template
   * (a column further right on the rendered line is added to the mapped column).
   */
  sourceMap?: ReadonlyArray<TemplatePosition | null>;
}

/** The hook events Helm 4 knows (`test-success` is accepted in charts but stored as `test`). */
export type HookEvent =
  | "pre-install"
  | "post-install"
  | "pre-upgrade"
  | "post-upgrade"
  | "pre-rollback"
  | "post-rollback"
  | "pre-delete"
  | "post-delete"
  | "test";

/** Helm 4's `--wait` strategies; `hookOnly` is the default and waits for hooks only. */
export type WaitStrategy = "hookOnly" | "watcher" | "legacy";

export interface HookOptions {
  /** Release namespace, used for hooks and resources without `metadata.namespace`. Default `"default"`. */
  namespace?: string;
  /** The `--wait` strategy the release will be deployed with. Default `hookOnly`, as in `helm install/upgrade`. */
  wait?: WaitStrategy;
}

export type Severity = "error" | "warning" | "info";

export interface LintFinding {
  /** Template file (or the mapped template file when a source map is given). */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  /** Stable identifier of the rule, e.g. `unknown-hook-event`. */
  rule: string;
}

/** What happens to a hook object after it ran. */
export type HookAftermath = "deleted (hook-succeeded)" | "deleted (hook-failed)" | "retained";

/** One hook as Helm will run it within one event. */
export interface PlannedHook {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  weight: number;
  /** All events of the hook, as Helm stores them (trimmed, lower-cased, `test-success` → `test`, duplicates kept). */
  events: HookEvent[];
  /** Effective delete policies: as written (trimmed, lower-cased, unvalidated), or `before-hook-creation` when absent. */
  deletePolicies: string[];
  /** True when `deletePolicies` is Helm's default rather than written in the chart. */
  defaultDeletePolicy: boolean;
  outputLogPolicies: string[];
  /** True when Helm waits for the hook to complete (Job `Complete`, Pod `Succeeded`) before the next one. */
  waited: boolean;
  /** How Helm decides this hook is done, in words. */
  waitDetail: string;
  onSuccess: HookAftermath;
  onFailure: HookAftermath;
  /** When a later hook of the same event fails after this one succeeded (Helm 4 cleans up succeeded hooks then). */
  onLaterHookFailure: HookAftermath;
  /** What happens to a leftover object of this hook the next time the event runs. */
  beforeNextRun: string;
  /** Whether Helm copies container logs to its output, and when. Empty when never. */
  logsCopied: Array<"hook-succeeded" | "hook-failed">;
  /** `helm.sh/resource-policy: keep` is written on the hook (which Helm ignores for hooks). */
  resourcePolicyKeep: boolean;
  source: string;
  line: number;
  column: number;
  /** 1-based position in the event's execution order. */
  position: number;
  /** 1-based position under the documented "weight, then kind, then name" order. */
  documentedPosition: number;
  /** Set when the real order (weight, name, kind) differs from the documented one for this hook. */
  orderNote?: string;
  /** How many times the hook runs in this event (an event listed twice runs twice). */
  runs: number;
}

/** A document that has `helm.sh/hook` but is dropped by Helm because one of its events is unknown. */
export interface DroppedHook {
  kind: string;
  name: string;
  source: string;
  line: number;
  column: number;
  /** The raw annotation value. */
  hook: string;
  unknownEvents: string[];
}

export interface HookPlan {
  /** Every event, in lifecycle order, with its hooks in execution order (empty when the chart has none). */
  events: Record<HookEvent, PlannedHook[]>;
  /** Objects that Helm leaves out of the release because of an unknown hook event. */
  dropped: DroppedHook[];
  /** Documents that could not be parsed (Helm aborts the whole render on these). */
  invalid: Array<{ source: string; line: number; column: number; message: string }>;
}

export type PlanFormat = "text" | "json" | "markdown";
