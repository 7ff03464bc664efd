/**
 * Keeps the sandbox's state on disk under its data directory: one JSON snapshot (objects, resourceVersion, field
 * managers, audit log, scenarios), rewritten shortly after changes and on stop. Writes go to a temporary file that
 * is renamed into place, so a crash never leaves half a snapshot.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AuditEntry } from "../audit/audit-log";
import type { Scenario } from "../scenarios/scenario-book";
import type { StoreSnapshot } from "./object-store";

export interface SandboxState {
  version: 1;
  store: StoreSnapshot;
  audit: { nextSeq: number; entries: AuditEntry[] };
  scenarios: Scenario[];
}

const FILE_NAME = "sandbox-state.json";

export class StateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly capture: () => SandboxState,
    private readonly debounceMs = 300,
  ) {}

  get file(): string {
    return path.join(this.dataDir, FILE_NAME);
  }

  read(): SandboxState | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return undefined;
    }
    const state = JSON.parse(text) as SandboxState;
    if (state.version !== 1) throw new Error(`unsupported sandbox state version in ${this.file}`);
    return state;
  }

  /** Schedules a save; bursts of writes produce one snapshot. */
  touch(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, this.debounceMs);
  }

  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    mkdirSync(this.dataDir, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.capture()));
    renameSync(temporary, this.file);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Deletes the snapshot (used by `hookline sandbox reset` without a running sandbox). */
  static remove(dataDir: string): void {
    rmSync(path.join(dataDir, FILE_NAME), { force: true });
  }
}
