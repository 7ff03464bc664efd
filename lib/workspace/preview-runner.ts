/**
 * The UI side of the preview Web Worker: sends one render at a time, drops answers to requests that a newer edit
 * has replaced, and enforces a watchdog. The renderer has its own deadline, but a hostile template could still
 * block the worker's thread (a huge regex, a pathological loop inside one function call); when the worker does not
 * answer in time it is terminated and a fresh one is started, so the next keystroke renders again.
 * The worker is injected (`createWorker`) so tests can drive this logic without a browser.
 */
import type { PreviewRequest, PreviewResult } from "./types";

/** The part of the DOM Worker this runner uses. */
export interface PreviewWorker {
  postMessage(message: PreviewWorkerRequest): void;
  terminate(): void;
  onmessage: ((event: { data: PreviewWorkerResponse }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

export interface PreviewWorkerRequest {
  id: number;
  request: PreviewRequest;
}

export type PreviewWorkerResponse = { id: number; result: PreviewResult } | { id: number; crash: string };

export type PreviewOutcome =
  | { kind: "result"; result: PreviewResult }
  /** The worker did not answer within the watchdog and was restarted. */
  | { kind: "timeout"; afterMs: number }
  /** The worker threw outside the renderer (a bug, or out of memory) and was restarted. */
  | { kind: "crash"; message: string }
  /** A newer request replaced this one before it finished. */
  | { kind: "superseded" };

export interface PreviewRunnerOptions {
  createWorker: () => PreviewWorker;
  /** How long to wait for an answer before the worker is restarted. Must exceed the render deadline. */
  watchdogMs: number;
}

export class PreviewRunner {
  private worker: PreviewWorker | null = null;
  private nextId = 1;
  private pending: { id: number; resolve: (o: PreviewOutcome) => void; timer: ReturnType<typeof setTimeout> } | null = null;
  /** How many times the worker was replaced; shown to the user and checked by tests. */
  restarts = 0;

  constructor(private readonly options: PreviewRunnerOptions) {}

  private ensureWorker(): PreviewWorker {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker();
    worker.onmessage = (event) => this.settle(event.data.id, "result" in event.data ? { kind: "result", result: event.data.result } : { kind: "crash", message: event.data.crash });
    worker.onerror = (event) => {
      const id = this.pending?.id ?? -1;
      this.restart();
      this.settle(id, { kind: "crash", message: event.message ?? "the preview worker failed" });
    };
    this.worker = worker;
    return worker;
  }

  private settle(id: number, outcome: PreviewOutcome): void {
    if (!this.pending || this.pending.id !== id) return;
    clearTimeout(this.pending.timer);
    const { resolve } = this.pending;
    this.pending = null;
    resolve(outcome);
  }

  private restart(): void {
    this.worker?.terminate();
    this.worker = null;
    this.restarts++;
  }

  /**
   * Renders `request`. An older request still in flight is answered "superseded"; the worker finishes it first (its
   * answer is dropped), and the new request's watchdog covers both, so a hung older render still gets the worker
   * restarted.
   */
  render(request: PreviewRequest): Promise<PreviewOutcome> {
    if (this.pending) this.settle(this.pending.id, { kind: "superseded" });
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<PreviewOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.restart();
        this.settle(id, { kind: "timeout", afterMs: this.options.watchdogMs });
      }, this.options.watchdogMs);
      this.pending = { id, resolve, timer };
      worker.postMessage({ id, request });
    });
  }

  dispose(): void {
    if (this.pending) this.settle(this.pending.id, { kind: "superseded" });
    this.worker?.terminate();
    this.worker = null;
  }
}
