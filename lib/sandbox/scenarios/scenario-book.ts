/**
 * Scenarios set from code or over HTTP (`/sandbox/v1/scenarios`) make a named object — typically a hook Job — fail,
 * hang or run slowly the next time it is created, without touching the chart. When a matching object is created
 * the sandbox stamps the scenario annotations onto it, so its Pods (and anyone reading it) see what was scripted.
 */
import { randomUUID } from "node:crypto";
import { DURATION_ANNOTATION, LOGS_ANNOTATION, OUTCOME_ANNOTATION, SCENARIO_ANNOTATION } from "./annotations";

type Json = Record<string, unknown>;

export type ScenarioAction = "fail" | "hang" | "slow" | "succeed";

export interface ScenarioInput {
  kind: string;
  name: string;
  /** Any namespace when omitted. */
  namespace?: string;
  action: ScenarioAction;
  /** Run time; "slow" defaults to 30s. Go duration syntax ("45s") or milliseconds. */
  duration?: string | number;
  logs?: string;
  /** How many future creations it applies to (default 1: the next operation); 0 keeps it until removed. */
  times?: number;
}

export interface Scenario extends ScenarioInput {
  id: string;
  /** Creations it has applied to so far. */
  used: number;
}

function durationText(duration: string | number | undefined, action: ScenarioAction): string | undefined {
  if (typeof duration === "number") return `${duration}ms`;
  if (duration !== undefined) return duration;
  return action === "slow" ? "30s" : undefined;
}

export class ScenarioBook {
  private scenarios: Scenario[] = [];

  add(input: ScenarioInput): Scenario {
    if (!input.kind || !input.name) throw new Error("a scenario needs kind and name");
    if (!["fail", "hang", "slow", "succeed"].includes(input.action)) throw new Error(`unknown scenario action ${JSON.stringify(input.action)}`);
    const scenario: Scenario = { ...input, times: input.times ?? 1, id: randomUUID(), used: 0 };
    this.scenarios.push(scenario);
    return scenario;
  }

  list(): Scenario[] {
    return this.scenarios.map((s) => ({ ...s }));
  }

  remove(id: string): boolean {
    const before = this.scenarios.length;
    this.scenarios = this.scenarios.filter((s) => s.id !== id);
    return this.scenarios.length !== before;
  }

  clear(): void {
    this.scenarios = [];
  }

  load(saved: Scenario[]): void {
    this.scenarios = saved.map((s) => ({ ...s }));
  }

  /** Stamps the first matching scenario onto an object being created (mutating it) and counts the use. */
  stamp(kind: string, object: Json): void {
    const meta = (object.metadata ?? {}) as Json;
    const scenario = this.scenarios.find(
      (s) => s.kind === kind && s.name === meta.name && (s.namespace === undefined || s.namespace === (meta.namespace ?? "")),
    );
    if (!scenario) return;
    const annotations: Record<string, string> = { ...((meta.annotations ?? {}) as Record<string, string>) };
    annotations[SCENARIO_ANNOTATION] = scenario.id;
    annotations[OUTCOME_ANNOTATION] = scenario.action === "slow" ? "succeed" : scenario.action;
    const duration = durationText(scenario.duration, scenario.action);
    if (duration !== undefined) annotations[DURATION_ANNOTATION] = duration;
    if (scenario.logs !== undefined) annotations[LOGS_ANNOTATION] = scenario.logs;
    object.metadata = { ...meta, annotations };
    scenario.used++;
    if (scenario.times !== 0 && scenario.used >= (scenario.times ?? 1)) this.remove(scenario.id);
  }
}
