/**
 * Keeps the sandbox's state on disk under its data directory as a snapshot plus an append-only change log:
 *  - `sandbox-state.json`: objects, resourceVersion, field managers, audit log and scenarios at one moment;
 *  - `sandbox-changes.jsonl`: what changed since, one JSON record per line, appended in small batches.
 * Appending keeps the cost of a write proportional to the change, not to the cluster's size; the log is folded
 * into a fresh snapshot when it grows past the cluster's size and on stop. Snapshots are written to a temporary
 * file and renamed into place, so a crash never leaves half a snapshot (and at worst loses the last batch).
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AuditEntry, AuditLog } from "../audit/audit-log";
import type { FieldManagerRecord } from "../patch/server-side-apply";
import type { Scenario, ScenarioBook } from "../scenarios/scenario-book";
import type { ObjectStore, StoreEvent, StoreSnapshot } from "./object-store";

type Json = Record<string, unknown>;

export interface SandboxState {
  version: 1;
  store: StoreSnapshot;
  audit: { nextSeq: number; entries: AuditEntry[] };
  scenarios: Scenario[];
}

type ChangeRecord =
  | { op: "put"; typeKey: string; object: Json; managers: FieldManagerRecord[] }
  | { op: "remove"; typeKey: string; namespace: string; name: string }
  | { op: "rv"; resourceVersion: number }
  | { op: "audit"; entry: AuditEntry }
  | { op: "scenarios"; items: Scenario[] };

const SNAPSHOT = "sandbox-state.json";
const CHANGES = "sandbox-changes.jsonl";
const FLUSH_DELAY_MS = 100;

function entryKey(typeKey: string, namespace: string, name: string): string {
  return `${typeKey}|${namespace}/${name}`;
}

export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private readonly touched = new Map<string, { typeKey: string; namespace: string; name: string }>();
  private auditFlushedThrough = 0;
  private lastScenarios = "[]";
  private loggedRecords = 0;
  private unsubscribe: () => void = () => {};
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly parts: { store: ObjectStore; audit: AuditLog; scenarios: ScenarioBook },
  ) {}

  private get snapshotFile(): string {
    return path.join(this.dataDir, SNAPSHOT);
  }

  private get changesFile(): string {
    return path.join(this.dataDir, CHANGES);
  }

  /** Reads the snapshot and replays the change log; undefined when the directory holds no state. */
  read(): SandboxState | undefined {
    let snapshot: SandboxState | undefined;
    try {
      snapshot = JSON.parse(readFileSync(this.snapshotFile, "utf8")) as SandboxState;
    } catch {
      snapshot = undefined;
    }
    let lines: string[] = [];
    try {
      lines = readFileSync(this.changesFile, "utf8").split("\n").filter((l) => l.trim() !== "");
    } catch {
      lines = [];
    }
    if (!snapshot && lines.length === 0) return undefined;
    const state: SandboxState = snapshot ?? { version: 1, store: { resourceVersion: 0, entries: [] }, audit: { nextSeq: 1, entries: [] }, scenarios: [] };
    if (state.version !== 1) throw new Error(`unsupported sandbox state version in ${this.snapshotFile}`);
    const entries = new Map(state.store.entries.map((e) => {
      const meta = (e.object.metadata ?? {}) as Json;
      return [entryKey(e.typeKey, String(meta.namespace ?? ""), String(meta.name)), e] as const;
    }));
    for (const line of lines) {
      let record: ChangeRecord;
      try {
        record = JSON.parse(line) as ChangeRecord;
      } catch {
        break; // A torn last line from a crash: everything before it is intact.
      }
      if (record.op === "put") {
        const meta = (record.object.metadata ?? {}) as Json;
        entries.set(entryKey(record.typeKey, String(meta.namespace ?? ""), String(meta.name)), { typeKey: record.typeKey, object: record.object, managers: record.managers });
      } else if (record.op === "remove") entries.delete(entryKey(record.typeKey, record.namespace, record.name));
      else if (record.op === "rv") state.store.resourceVersion = Math.max(state.store.resourceVersion, record.resourceVersion);
      else if (record.op === "audit") {
        state.audit.entries.push(record.entry);
        state.audit.nextSeq = Math.max(state.audit.nextSeq, record.entry.seq + 1);
      } else if (record.op === "scenarios") state.scenarios = record.items;
    }
    state.store.entries = [...entries.values()];
    return state;
  }

  /** Starts recording changes of the store (and, on each flush, new audit entries and scenario changes). */
  attach(): void {
    this.auditFlushedThrough = this.parts.audit.lastSeq;
    this.unsubscribe = this.parts.store.subscribe((event: StoreEvent) => {
      this.touched.set(entryKey(event.typeKey, event.namespace, event.name), { typeKey: event.typeKey, namespace: event.namespace, name: event.name });
      this.touch();
    });
  }

  detach(): void {
    this.unsubscribe();
  }

  touch(): void {
    if (this.closed) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Appends everything that changed since the last flush; folds the log into a snapshot when it has grown. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const { store, audit, scenarios } = this.parts;
    const records: ChangeRecord[] = [];
    for (const { typeKey, namespace, name } of this.touched.values()) {
      const entry = store.get(typeKey, namespace, name);
      records.push(entry ? { op: "put", typeKey, object: entry.object, managers: entry.managers } : { op: "remove", typeKey, namespace, name });
    }
    this.touched.clear();
    for (const entry of audit.entries({ since: this.auditFlushedThrough })) records.push({ op: "audit", entry });
    this.auditFlushedThrough = audit.lastSeq;
    const scenarioList = scenarios.list();
    const scenarioJson = JSON.stringify(scenarioList);
    if (scenarioJson !== this.lastScenarios) records.push({ op: "scenarios", items: scenarioList });
    this.lastScenarios = scenarioJson;
    if (records.length === 0) return;
    records.push({ op: "rv", resourceVersion: store.currentResourceVersion });
    mkdirSync(this.dataDir, { recursive: true });
    appendFileSync(this.changesFile, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    this.loggedRecords += records.length;
    if (this.loggedRecords > Math.max(20_000, store.size * 2)) this.writeSnapshot();
  }

  /** Writes a full snapshot and empties the change log. */
  writeSnapshot(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.touched.clear();
    const { store, audit, scenarios } = this.parts;
    this.lastScenarios = JSON.stringify(scenarios.list());
    this.auditFlushedThrough = audit.lastSeq;
    const state: SandboxState = { version: 1, store: store.snapshot(), audit: audit.toJSON(), scenarios: scenarios.list() };
    mkdirSync(this.dataDir, { recursive: true });
    const temporary = `${this.snapshotFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, this.snapshotFile);
    rmSync(this.changesFile, { force: true });
    this.loggedRecords = 0;
  }

  /** Stops saving for good: requests still finishing after the sandbox stopped must not recreate the directory. */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Deletes the saved state (used by `hookline sandbox reset` without a running sandbox). */
  static remove(dataDir: string): void {
    rmSync(path.join(dataDir, SNAPSHOT), { force: true });
    rmSync(path.join(dataDir, CHANGES), { force: true });
  }
}
