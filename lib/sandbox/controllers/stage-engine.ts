/**
 * Runs stages, KWOK style: a stage selects objects of one kind by declarative field matches (plus an optional
 * predicate for what fields cannot express), waits a delay, then writes the next status. Whenever an object changes,
 * the first stage that selects it is scheduled; when the timer fires the object is re-read and the stage applied
 * only if it still selects it. Adding a behaviour means adding a stage to a table, not writing a timer.
 */
import type { Cluster } from "../api/cluster";
import { typeKey } from "../api/resource-types";
import type { StoreEvent } from "../store/object-store";
import { type EventNote, recordEvent } from "./event-recorder";

type Json = Record<string, unknown>;

/** `"exists"` / `"absent"`, or the list of accepted string values of the field. */
export type FieldMatch = "exists" | "absent" | string[];

export interface Stage {
  name: string;
  group: string;
  kind: string;
  /** Dotted field paths (`status.phase`, `metadata.deletionTimestamp`) and what they must hold. */
  matchFields?: Record<string, FieldMatch>;
  /** For conditions that field matches cannot express, e.g. "owned by a Job". */
  when?: (object: Json) => boolean;
  /**
   * When to apply the stage, as milliseconds after the object entered it (may read scenario annotations), or as
   * an absolute time derived from the object's fields (deadlines), which is re-read whenever the object changes.
   * `Infinity` means never.
   */
  delayMs?: (object: Json) => number;
  dueAt?: (object: Json) => number;
  /** The next status (merged over the current one). */
  nextStatus: (object: Json) => Json;
  /** Events to record when the stage is applied, and by which component. */
  events?: (object: Json) => EventNote[];
  component?: string;
}

function fieldAt(object: Json, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Json)[k] : undefined), object);
}

export function stageSelects(stage: Stage, object: Json): boolean {
  for (const [path, match] of Object.entries(stage.matchFields ?? {})) {
    const value = fieldAt(object, path);
    const present = value !== undefined && value !== null && value !== "";
    if (match === "exists" ? !present : match === "absent" ? present : !match.includes(String(value ?? ""))) return false;
  }
  return stage.when ? stage.when(object) : true;
}

export class StageEngine {
  private readonly timers = new Map<string, { stage: string; due: number; timer: NodeJS.Timeout }>();
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly cluster: Cluster,
    private readonly stages: Stage[],
  ) {}

  start(): void {
    this.unsubscribe = this.cluster.store.subscribe((event) => this.onEvent(event));
    for (const stage of this.stages) {
      const type = this.cluster.registry.byGroupKind(stage.group, stage.kind);
      if (!type) continue;
      for (const entry of this.cluster.store.list(typeKey(type))) this.schedule(typeKey(type), entry.object);
    }
  }

  stop(): void {
    this.unsubscribe();
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private stagesFor(key: string): Stage[] {
    return this.stages.filter((s) => {
      const type = this.cluster.registry.byGroupKind(s.group, s.kind);
      return type !== undefined && typeKey(type) === key;
    });
  }

  private onEvent(event: StoreEvent): void {
    const id = `${event.typeKey}|${event.namespace}/${event.name}`;
    if (event.type === "DELETED") {
      const pending = this.timers.get(id);
      if (pending) clearTimeout(pending.timer);
      this.timers.delete(id);
      return;
    }
    this.schedule(event.typeKey, event.object);
  }

  private schedule(key: string, object: Json): void {
    const meta = (object.metadata ?? {}) as Json;
    const id = `${key}|${String(meta.namespace ?? "")}/${String(meta.name)}`;
    const stage = this.stagesFor(key).find((s) => stageSelects(s, object));
    const pending = this.timers.get(id);
    const due = stage ? (stage.dueAt ? stage.dueAt(object) : undefined) : undefined;
    // A stage keeps its timer while the object stays in it, unless its absolute due time moved.
    if (pending && pending.stage === stage?.name && (due === undefined || due === pending.due)) return;
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(id);
    if (!stage) return;
    const at = due ?? Date.now() + (stage.delayMs ? stage.delayMs(object) : 0);
    if (!Number.isFinite(at)) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.fire(key, stage, String(meta.namespace ?? ""), String(meta.name));
    }, Math.max(0, at - Date.now()));
    this.timers.set(id, { stage: stage.name, due: at, timer });
  }

  private fire(key: string, stage: Stage, namespace: string, name: string): void {
    const type = this.cluster.registry.byTypeKey(key);
    if (!type) return;
    const current = this.cluster.find(type, namespace, name);
    if (!current || !stageSelects(stage, current)) return;
    const subresource = type.subresources.includes("status") ? "status" : undefined;
    for (const note of stage.events?.(current) ?? []) recordEvent(this.cluster, current, stage.component ?? "sandbox", note);
    this.cluster.update(
      type,
      namespace,
      name,
      (object) => {
        object.status = { ...((object.status ?? {}) as Json), ...stage.nextStatus(object) };
      },
      subresource,
    );
  }
}
