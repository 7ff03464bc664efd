/**
 * Limits for rendering untrusted templates: a deadline, a cap on output size and on template nesting. The
 * executor reports work through `tick()` (loop iterations and calls) and `wrote()`; exceeding a limit throws
 * LimitError, which functions never wrap, so it reaches the caller as a clear error instead of a hang.
 */
import { LimitError } from "../errors";

export interface RenderLimits {
  /** Wall-clock budget for the whole render, in milliseconds. Default: none. */
  timeoutMs?: number;
  /** Maximum characters written by all templates of one render, include/tpl results counted. Default 64 MiB. */
  maxOutputChars?: number;
  /** Nesting limit per template name for `include`, as Helm's (fails when already active more than this). Default 1000. */
  maxIncludeDepth?: number;
  /** Nesting limit for {{template}} calls, Go's is 100000. Default 100000. */
  maxTemplateDepth?: number;
}

const CHECK_EVERY = 256;

export class Budget {
  readonly maxIncludeDepth: number;
  readonly maxTemplateDepth: number;
  private readonly maxOutput: number;
  private readonly deadline: number;
  private steps = 0;
  private written = 0;

  constructor(
    private readonly limits: RenderLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.maxIncludeDepth = limits.maxIncludeDepth ?? 1000;
    this.maxTemplateDepth = limits.maxTemplateDepth ?? 100000;
    this.maxOutput = limits.maxOutputChars ?? 64 * 1024 * 1024;
    this.deadline = limits.timeoutMs === undefined ? Infinity : clock() + limits.timeoutMs;
  }

  /** One unit of work (a loop iteration or a call); checks the clock now and then. */
  tick(): void {
    if (++this.steps % CHECK_EVERY === 0 && this.deadline !== Infinity && this.clock() > this.deadline) {
      throw new LimitError(`rendering took longer than the limit of ${this.limits.timeoutMs} ms`);
    }
  }

  wrote(chars: number): void {
    this.written += chars;
    if (this.written > this.maxOutput) {
      throw new LimitError(`rendered output is larger than the limit of ${this.maxOutput} characters`);
    }
  }
}
