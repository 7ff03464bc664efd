/**
 * Limits for rendering untrusted templates: a deadline, a cap on output size, on the memory a render creates and on
 * template nesting. The executor reports work through `tick()` (loop iterations and calls), `called()` (what a
 * function read and created) and `wrote()`; exceeding a limit throws LimitError, which functions never wrap, so it
 * reaches the caller as a clear error instead of a hang or an out-of-memory abort. The executor places the error at
 * the template position that was running.
 *
 * The clock is read every CHECK_EVERY steps. A function call counts as one step plus one per BYTES_PER_STEP it read
 * or created, and a function marked `slow` (key generation, password hashing) as a full round, so the deadline is
 * checked promptly after expensive calls, however few of them a template makes.
 */
import { LimitError } from "../errors";
import type { GoValue } from "../value";
import { inputSize, ValueSizes } from "./value-sizes";

export interface RenderLimits {
  /** Wall-clock budget for the whole render, in milliseconds. Default: none. */
  timeoutMs?: number;
  /** Maximum characters written by all templates of one render, include/tpl results counted. Default 64 MiB. */
  maxOutputChars?: number;
  /**
   * Approximate bytes of values one render may create, garbage included: the strings, lists and maps functions
   * return (see value-sizes.ts) and the output written. Default 512 MiB.
   */
  maxAllocBytes?: number;
  /** Nesting limit per template name for `include`, as Helm's (fails when already active more than this). Default 1000. */
  maxIncludeDepth?: number;
  /** Nesting limit for {{template}} calls, Go's is 100000. Default 100000. */
  maxTemplateDepth?: number;
}

export const DEFAULT_MAX_ALLOC_BYTES = 512 * 1024 * 1024;
const CHECK_EVERY = 256;
const BYTES_PER_STEP = 4096;
/**
 * Working memory a call may need per character or element it reads, at worst: a rune-by-rune copy or a split into
 * one-character strings. A call is refused up front when that could exceed what is left of the memory limit, since
 * one allocation inside a function can abort the whole process before its result is counted.
 */
const CALL_EXPANSION = 16;

export class Budget {
  readonly maxIncludeDepth: number;
  readonly maxTemplateDepth: number;
  private readonly maxOutput: number;
  private readonly maxAlloc: number;
  private readonly deadline: number;
  /** Steps left before the clock is read again. */
  private untilCheck = CHECK_EVERY;
  private written = 0;
  private allocated = 0;
  private readonly sizes = new ValueSizes();

  constructor(
    private readonly limits: RenderLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.maxIncludeDepth = limits.maxIncludeDepth ?? 1000;
    this.maxTemplateDepth = limits.maxTemplateDepth ?? 100000;
    this.maxOutput = limits.maxOutputChars ?? 64 * 1024 * 1024;
    this.maxAlloc = limits.maxAllocBytes ?? DEFAULT_MAX_ALLOC_BYTES;
    this.deadline = limits.timeoutMs === undefined ? Infinity : clock() + limits.timeoutMs;
  }

  /** One unit of work (a loop iteration or a call); checks the clock now and then. */
  tick(): void {
    if (--this.untilCheck <= 0) this.checkClock();
  }

  /** Before a function call: how much it reads; refuses it when its working memory could exceed the limit. */
  calling(args: readonly GoValue[]): number {
    let read = 0;
    for (let i = 0; i < args.length; i++) read += inputSize(args[i]);
    if (read * CALL_EXPANSION > this.maxAlloc - this.allocated) {
      throw new LimitError(
        `a function call given ${read} characters or elements could need more memory than is left of the limit of ${formatBytes(this.maxAlloc)}`,
        true,
      );
    }
    return read;
  }

  /**
   * A function given `args` (of `read` size) returned `result`: what it created counts against the memory limit
   * (nothing when it returned one of its arguments), what it read and created brings the next clock check closer.
   */
  called(args: readonly GoValue[], read: number, result: GoValue, slow: boolean): void {
    let fresh = true;
    for (let i = 0; i < args.length; i++) if (args[i] === result) fresh = false;
    const created = fresh ? this.sizes.created(result) : 0;
    if (created > 0) this.allocate(created);
    const steps = slow ? CHECK_EVERY : Math.floor((read + created) / BYTES_PER_STEP);
    if (steps > 0 && (this.untilCheck -= steps) <= 0) this.checkClock();
  }

  wrote(chars: number): void {
    this.written += chars;
    if (this.written > this.maxOutput) {
      throw new LimitError(`rendered output is larger than the limit of ${this.maxOutput} characters`, true);
    }
    this.allocate(chars);
  }

  private allocate(bytes: number): void {
    this.allocated += bytes;
    if (this.allocated > this.maxAlloc) {
      throw new LimitError(`rendering created more data than the memory limit of ${formatBytes(this.maxAlloc)}`, true);
    }
  }

  private checkClock(): void {
    this.untilCheck = CHECK_EVERY;
    if (this.deadline !== Infinity && this.clock() > this.deadline) {
      throw new LimitError(`rendering took longer than the limit of ${this.limits.timeoutMs} ms`, true);
    }
  }
}

function formatBytes(n: number): string {
  const MiB = 1024 * 1024;
  return n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}
