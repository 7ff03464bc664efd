/**
 * Renders untrusted charts outside the calling process: a few worker processes, a bounded queue, and two limits that
 * the template engine cannot enforce from inside (it checks its deadline only between steps, and a process cannot
 * catch its own out-of-memory): a hard wall-clock deadline per job, after which the worker is killed and replaced,
 * and a heap cap per worker. The engine's own limits (deadline, output size, nesting, list and string sizes) still
 * apply inside the worker and give helm's error text with file:line:col.
 *
 * Workers are child processes, not worker threads: a worker thread that reaches its `resourceLimits` with one large
 * allocation (a String.prototype.split of a huge string, say) aborts the whole process (nodejs/node#47224), which
 * is exactly the server crash this pool exists to prevent. A child process that runs out of heap dies alone.
 *
 * Each worker slot is in one state: starting → idle ⇄ busy → stopping (killed or crashed, then replaced).
 */
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { DEFAULT_RENDER_TIMEOUT_MS } from "../render-chart";
import { deserializeError, type PooledPlan, type PooledRender, type RenderJob, type WorkerReply, type WorkerRequest } from "./protocol";

export type PoolLimit = "deadline" | "memory" | "queue" | "worker" | "closed";

/** A render the pool ended: which limit was hit (or that the worker failed), in words an operator can act on. */
export class RenderPoolError extends Error {
  constructor(
    readonly limit: PoolLimit,
    message: string,
  ) {
    super(message);
    this.name = "RenderPoolError";
  }
}

export interface RenderPoolOptions {
  /** Worker processes (default `HOOKLINE_RENDER_WORKERS`, else min(2, CPUs)). */
  workers?: number;
  /** Jobs that may wait for a worker; more are refused at once (default `HOOKLINE_RENDER_QUEUE`, else 64). */
  maxQueue?: number;
  /** Heap cap of each worker process in MB (default `HOOKLINE_RENDER_WORKER_MEMORY_MB`, else 512). */
  memoryMb?: number;
  /** Time a worker gets beyond the engine's deadline before it is killed (default 2000 ms). */
  graceMs?: number;
  /** The worker entry script (default lib/render/pool/worker.mjs under `HOOKLINE_ROOT` or the working directory). */
  entry?: string;
}

type Outcome = { render: PooledRender; plan?: Omit<PooledPlan, "rendered"> };

interface Pending {
  job: RenderJob;
  timeoutMs: number;
  resolve: (outcome: Outcome) => void;
  reject: (err: Error) => void;
}

type SlotState = "starting" | "idle" | "busy" | "stopping";

interface Slot {
  worker: ChildProcess;
  state: SlotState;
  current: { id: number; pending: Pending; timer: NodeJS.Timeout } | null;
  /** Why the pool stopped this worker, reported to its job instead of the bare exit. */
  stopReason: RenderPoolError | null;
  /** The tail of the worker's stderr: V8's last words when it runs out of heap. */
  stderr: string;
}

/** Scheduling priority of render workers (nice value, 19 lowest). */
const WORKER_NICENESS = 10;

const ENV_KEPT = ["PATH", "HOME", "TMPDIR", "TZ", "LANG", "NODE_ENV", "HOOKLINE_ROOT"];

function workerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(ENV_KEPT.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]])) as NodeJS.ProcessEnv;
}

/** An idle worker does not keep this process alive; a busy one does, until its job ends. */
function idle(worker: ChildProcess): void {
  worker.unref();
  (worker.channel as { unref?: () => void } | undefined)?.unref?.();
}

function busy(worker: ChildProcess): void {
  worker.ref();
  (worker.channel as { ref?: () => void } | undefined)?.ref?.();
}

function envInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

export function defaultPoolOptions(): Required<RenderPoolOptions> {
  return {
    workers: envInteger("HOOKLINE_RENDER_WORKERS") ?? Math.min(2, os.availableParallelism()),
    maxQueue: envInteger("HOOKLINE_RENDER_QUEUE") ?? 64,
    memoryMb: envInteger("HOOKLINE_RENDER_WORKER_MEMORY_MB") ?? 512,
    graceMs: 2_000,
    entry: path.join(process.env.HOOKLINE_ROOT ?? process.cwd(), "lib", "render", "pool", "worker.mjs"),
  };
}

export class RenderPool {
  private readonly options: Required<RenderPoolOptions>;
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private started = 0;
  private closed = false;

  constructor(options: RenderPoolOptions = {}) {
    const defaults = defaultPoolOptions();
    this.options = { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  }

  /** Renders (and plans, when `job.plan` is set) in a worker; rejects with the engine's error or a RenderPoolError. */
  run(job: RenderJob): Promise<Outcome> {
    if (this.closed) return Promise.reject(new RenderPoolError("closed", "the render pool is shut down"));
    const busy = [...this.slots].filter((s) => s.state !== "idle").length;
    if (busy >= this.options.workers && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new RenderPoolError("queue", `too many renders are waiting (limit ${this.options.maxQueue}); try again shortly`));
    }
    const timeoutMs = job.options.limits?.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
    // The worker enforces the same deadline itself; the pool's own timer is the backstop.
    const sent: RenderJob = { ...job, options: { ...job.options, limits: { ...job.options.limits, timeoutMs } } };
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ job: sent, timeoutMs, resolve, reject });
      this.fill();
      this.pump();
    });
  }

  /** Workers alive now (for tests and health checks). */
  get size(): number {
    return this.slots.size;
  }

  /** Workers started since the pool was made (replacements included), for tests and health checks. */
  get workersStarted(): number {
    return this.started;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Stops every worker; running and waiting jobs fail with a "closed" error. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new RenderPoolError("closed", "the render pool is shut down");
    for (const pending of this.queue.splice(0)) pending.reject(error);
    await Promise.all([...this.slots].map((slot) => this.stop(slot, error)));
  }

  private fill(): void {
    while (!this.closed && this.slots.size < this.options.workers) this.spawn();
  }

  private spawn(): void {
    const worker = fork(this.options.entry, [], {
      // The entry decides how to load the sources; inherited loader flags (tsx, vitest) would only get in the way.
      execArgv: [`--max-old-space-size=${this.options.memoryMb}`],
      // Templates cannot read the environment (helm removes env and expandenv), and the worker needs none of it.
      env: workerEnv(),
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    try {
      // Renders yield the CPU to the server's own work: requests stay prompt while a hostile chart burns a worker.
      if (worker.pid !== undefined) os.setPriority(worker.pid, WORKER_NICENESS);
    } catch {
      // not permitted here: the worker runs at normal priority
    }
    this.started++;
    const slot: Slot = { worker, state: "starting", current: null, stopReason: null, stderr: "" };
    // Referenced while it starts (a job may be waiting for it); unreferenced once it is idle.
    this.slots.add(slot);
    worker.stderr!.on("data", (chunk: Buffer) => {
      slot.stderr = (slot.stderr + chunk.toString()).slice(-4096);
    });
    worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on("error", (err: Error) => {
      slot.stopReason ??= new RenderPoolError("worker", `the render worker failed: ${err.message}`);
      // A process that never started emits no "exit".
      if (worker.pid === undefined) this.onExit(slot, null, null);
    });
    worker.on("exit", (code, signal) => this.onExit(slot, code, signal));
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === "ready") {
      if (slot.state !== "starting") return;
      slot.state = "idle";
      idle(slot.worker);
      this.pump();
      return;
    }
    const current = slot.current;
    if (!current || current.id !== reply.id || slot.state !== "busy") return;
    clearTimeout(current.timer);
    slot.current = null;
    if (reply.type === "failed") {
      // A failed render is often a hostile one that ran into a limit with its heap full of what it built: the next
      // job would inherit that heap (and could run out of memory through no fault of its own). Replace the worker.
      current.pending.reject(deserializeError(reply.error));
      void this.stop(slot, new RenderPoolError("worker", "the render worker was replaced after a failed render"));
      return;
    }
    slot.state = "idle";
    idle(slot.worker);
    current.pending.resolve({ render: reply.render, plan: reply.plan });
    this.pump();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.slots.delete(slot)) return;
    const wasStarting = slot.state === "starting";
    const reason = slot.stopReason ?? this.exitReason(slot, code, signal);
    if (slot.current) {
      clearTimeout(slot.current.timer);
      slot.current.pending.reject(reason);
      slot.current = null;
    }
    if (this.closed) return;
    if (wasStarting) {
      // A worker that cannot even start would fail again at once: fail what waits, and try anew on the next job.
      const error = new RenderPoolError("worker", `the render worker could not start: ${reason.message}`);
      for (const pending of this.queue.splice(0)) pending.reject(error);
      return;
    }
    this.fill();
  }

  /** Why a worker ended that the pool did not stop: out of heap (V8 says so on stderr before it aborts), or a crash. */
  private exitReason(slot: Slot, code: number | null, signal: NodeJS.Signals | null): RenderPoolError {
    if (/heap out of memory|Reached heap limit|Allocation failed/.test(slot.stderr)) {
      return new RenderPoolError("memory", `rendering needed more memory than the limit of ${this.options.memoryMb} MB`);
    }
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const said = slot.stderr.trim().split("\n").slice(-3).join(" ").slice(0, 500);
    return new RenderPoolError("worker", `the render worker exited unexpectedly (${how})${said ? `: ${said}` : ""}`);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.state !== "idle") continue;
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private dispatch(slot: Slot, pending: Pending): void {
    const id = ++this.nextId;
    const hardMs = pending.timeoutMs + this.options.graceMs;
    const timer = setTimeout(() => {
      void this.stop(slot, new RenderPoolError("deadline", `rendering took longer than the limit of ${pending.timeoutMs} ms (the render worker was stopped after ${hardMs} ms)`));
    }, hardMs);
    slot.state = "busy";
    slot.current = { id, pending, timer };
    busy(slot.worker);
    slot.worker.send({ id, job: pending.job } satisfies WorkerRequest);
  }

  /** Kills a worker; its job (if any) fails with `reason`, and `onExit` replaces it. */
  private async stop(slot: Slot, reason: RenderPoolError): Promise<void> {
    if (slot.state === "stopping") return;
    slot.state = "stopping";
    slot.stopReason ??= reason;
    const exited = new Promise<void>((resolve) => (slot.worker.exitCode !== null || slot.worker.signalCode !== null ? resolve() : slot.worker.once("exit", () => resolve())));
    slot.worker.kill("SIGKILL");
    await exited;
  }
}

const holder = globalThis as unknown as { hooklineRenderPool?: RenderPool };

/** The process-wide pool (created on first use, configured from the environment). */
export function renderPool(): RenderPool {
  return (holder.hooklineRenderPool ??= new RenderPool());
}
