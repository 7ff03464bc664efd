/**
 * A small stock of pre-generated RSA keys per key size, for processes that render the same chart again and again
 * (the server's render pool, the editor's preview, the warm bench). A render takes a ready key instead of
 * generating one on the main thread; the stock is refilled in the background (OpenSSL on libuv's thread pool) once
 * the render has given the event loop back. When the stock is empty, the key is generated synchronously as before.
 *
 * Keys stay fresh: each is generated for this pool and handed out exactly once (taken off the stock).
 *
 * One-shot processes (the CLI) pay nothing: nothing is generated in the background before the first key is taken,
 * and the refill starts only when the process is still alive a moment (`refillDelayMs`) after the render that took
 * the key gave the event loop back, from unref'd timers: a process with nothing else to do exits without starting
 * it. (A generation already running cannot be unref'd: once started it holds the loop until it is done.)
 */
import type { RsaKeyComponents } from "@/lib/template/funcs/types";

export type AsyncRsaGenerator = (bits: number, done: (err: Error | null, key?: RsaKeyComponents) => void) => void;

export interface RsaKeyPoolOptions {
  generateSync(bits: number): RsaKeyComponents;
  generateAsync: AsyncRsaGenerator;
  /** Most keys kept ready per size (the stock grows to the most keys one render took, up to this). */
  maxReady?: number;
  /** Background generations running at once, over all sizes (each occupies one thread of libuv's pool). */
  concurrency?: number;
  /** How long after a render (the event loop's next turn) the refill starts. */
  refillDelayMs?: number;
}

export interface RsaKeyPoolStats {
  /** Keys handed out from the stock. */
  fromStock: number;
  /** Keys generated synchronously because the stock was empty. */
  generatedSync: number;
  /** Background generations started. */
  startedInBackground: number;
  /** Keys ready now, per size. */
  ready: Record<number, number>;
}

interface SizeStock {
  ready: RsaKeyComponents[];
  inFlight: number;
  /** Keys taken since the last refill pass (one render's demand, as renders are synchronous). */
  demand: number;
  /** How many keys the stock aims to hold. */
  target: number;
}

export class RsaKeyPool {
  private readonly stocks = new Map<number, SizeStock>();
  private readonly maxReady: number;
  private readonly concurrency: number;
  private readonly refillDelayMs: number;
  private inFlight = 0;
  private refillScheduled = false;
  private idleWaiters: Array<() => void> = [];
  private readonly counters = { fromStock: 0, generatedSync: 0, startedInBackground: 0 };

  constructor(private readonly options: RsaKeyPoolOptions) {
    this.maxReady = options.maxReady ?? 8;
    this.concurrency = options.concurrency ?? 2;
    this.refillDelayMs = options.refillDelayMs ?? 50;
  }

  /** A key no one else has had: from the stock when one is ready, generated now otherwise. */
  take(bits: number): RsaKeyComponents {
    const stock = this.stock(bits);
    stock.demand++;
    this.scheduleRefill();
    const ready = stock.ready.shift();
    if (ready) {
      this.counters.fromStock++;
      return ready;
    }
    this.counters.generatedSync++;
    return this.options.generateSync(bits);
  }

  stats(): RsaKeyPoolStats {
    const ready: Record<number, number> = {};
    for (const [bits, s] of this.stocks) ready[bits] = s.ready.length;
    return { ...this.counters, ready };
  }

  /**
   * Resolves once no refill is scheduled or running (for tests and benchmarks). The process stays alive while
   * someone waits: the refill's timers alone would not hold it.
   */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    const keepAlive = setInterval(() => undefined, 1 << 30);
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve)).then(() => clearInterval(keepAlive));
  }

  private isIdle(): boolean {
    return !this.refillScheduled && this.inFlight === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private stock(bits: number): SizeStock {
    let s = this.stocks.get(bits);
    if (!s) this.stocks.set(bits, (s = { ready: [], inFlight: 0, demand: 0, target: 0 }));
    return s;
  }

  /** An unref'd immediate (the render has returned), then an unref'd timer: neither keeps the process alive. */
  private scheduleRefill(): void {
    if (this.refillScheduled) return;
    this.refillScheduled = true;
    setImmediate(() => setTimeout(() => this.refill(), this.refillDelayMs).unref()).unref();
  }

  private refill(): void {
    this.refillScheduled = false;
    for (const s of this.stocks.values()) {
      s.target = Math.min(this.maxReady, Math.max(s.target, s.demand));
      s.demand = 0;
    }
    this.startGenerations();
    this.notifyIfIdle();
  }

  private startGenerations(): void {
    for (const [bits, s] of this.stocks) {
      while (this.inFlight < this.concurrency && s.ready.length + s.inFlight < s.target) this.generateInBackground(bits, s);
    }
  }

  private generateInBackground(bits: number, s: SizeStock): void {
    this.inFlight++;
    s.inFlight++;
    this.counters.startedInBackground++;
    this.options.generateAsync(bits, (err, key) => {
      this.inFlight--;
      s.inFlight--;
      if (key && !err) {
        s.ready.push(key);
        this.startGenerations();
      }
      // After a failure, no retry until the next take: the synchronous path still works.
      this.notifyIfIdle();
    });
  }
}
