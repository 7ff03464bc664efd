/**
 * Renders untrusted charts off the calling thread: a few worker threads, a bounded queue, and two limits that the
 * template engine cannot enforce from inside (it checks its deadline only between steps, and a process cannot catch
 * its own out-of-memory): a hard wall-clock deadline per job, after which the worker is terminated and replaced, and
 * a heap cap per worker (`resourceLimits`). The engine's own limits (deadline, output size, nesting, list and
 * string sizes) still apply inside the worker and give helm's error text with file:line:col.
 *
 * Each worker slot is in one state: starting → idle ⇄ busy → stopping (terminated or crashed, then replaced).
 */
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { DEFAULT_RENDER_TIMEOUT_MS } from "../render-chart";
import { deserializeError, type PooledPlan, type PooledRender, type RenderJob, type WorkerReply } from "./protocol";

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
  /** Worker threads (default `HOOKLINE_RENDER_WORKERS`, else min(2, CPUs)). */
  workers?: number;
  /** Jobs that may wait for a worker; more are refused at once (default `HOOKLINE_RENDER_QUEUE`, else 64). */
  maxQueue?: number;
  /** Heap cap of each worker in MB (default `HOOKLINE_RENDER_WORKER_MEMORY_MB`, else 512). */
  memoryMb?: number;
  /** Time a worker gets beyond the engine's deadline before it is terminated (default 2000 ms). */
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
  worker: Worker;
  state: SlotState;
  current: { id: number; pending: Pending; timer: NodeJS.Timeout } | null;
  /** Why the pool stopped this worker, reported to its job instead of the bare exit. */
  stopReason: RenderPoolError | null;
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
    const worker = new Worker(this.options.entry, {
      // The entry decides how to load the sources; inherited loader flags (tsx, vitest) would only get in the way.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.options.memoryMb >> 3)) },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const slot: Slot = { worker, state: "starting", current: null, stopReason: null };
    this.slots.add(slot);
    worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on("error", (err: Error & { code?: string }) => {
      slot.stopReason ??=
        err.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new RenderPoolError("memory", `rendering needed more memory than the limit of ${this.options.memoryMb} MB`)
          : new RenderPoolError("worker", `the render worker failed: ${err.message}`);
    });
    worker.on("exit", (code) => this.onExit(slot, code));
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === "ready") {
      if (slot.state === "starting") slot.state = "idle";
      this.pump();
      return;
    }
    const current = slot.current;
    if (!current || current.id !== reply.id || slot.state !== "busy") return;
    clearTimeout(current.timer);
    slot.current = null;
    slot.state = "idle";
    slot.worker.unref();
    if (reply.type === "done") current.pending.resolve({ render: reply.render, plan: reply.plan });
    else current.pending.reject(deserializeError(reply.error));
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    const wasStarting = slot.state === "starting";
    this.slots.delete(slot);
    const reason = slot.stopReason ?? new RenderPoolError("worker", `the render worker exited unexpectedly (exit code ${code})`);
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
    slot.worker.ref();
    slot.worker.postMessage({ id, job: pending.job });
  }

  /** Terminates a worker; its job (if any) fails with `reason`, and `onExit` replaces it. */
  private async stop(slot: Slot, reason: RenderPoolError): Promise<void> {
    if (slot.state === "stopping") return;
    slot.state = "stopping";
    slot.stopReason ??= reason;
    await slot.worker.terminate();
  }
}

const holder = globalThis as unknown as { hooklineRenderPool?: RenderPool };

/** The process-wide pool (created on first use, configured from the environment). */
export function renderPool(): RenderPool {
  return (holder.hooklineRenderPool ??= new RenderPool());
}
