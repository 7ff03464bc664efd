/**
 * Fault injection for tests: added latency, error rates per verb, dropped watch connections and forced
 * 410 Gone answers. Settings apply to Kubernetes API requests only, never to `/sandbox/v1/*`.
 */
import { ApiError } from "../api/errors";

export type RequestVerb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export interface FaultSettings {
  /** Added to every API request, in milliseconds. */
  latencyMs?: number;
  /** Probability in [0, 1] that a request with this verb fails. */
  errorRate?: Partial<Record<RequestVerb, number>>;
  /** HTTP code of injected errors: 500 (InternalError), 503 (ServiceUnavailable) or 429 (TooManyRequests). */
  errorCode?: 429 | 500 | 503;
  /** Only requests for this resource (plural, e.g. "jobs") are affected. */
  resource?: string;
  /** Watches are closed this many milliseconds after they open, as when a load balancer drops idle streams. */
  dropWatchesAfterMs?: number;
  /** The next N watch requests (or lists with a resourceVersion) answer 410 Gone. */
  forceGone?: number;
}

/** How often each fault has struck since the sandbox started, so tests can tell a fault was really met. */
export interface InjectedFaults {
  /** Requests held back by `latencyMs`. */
  delayed: number;
  /** Requests answered with an injected error. */
  errors: number;
  /** Watches and lists answered 410 Gone by `forceGone`. */
  gone: number;
  /** Watches opened with a lifetime (`dropWatchesAfterMs`), i.e. closed early by the server. */
  shortLivedWatches: number;
}

export class Faults {
  private settings: FaultSettings = {};
  readonly injected: InjectedFaults = { delayed: 0, errors: 0, gone: 0, shortLivedWatches: 0 };
  /** Called by `dropWatches()`; the HTTP layer closes every open watch stream. */
  onDropWatches: () => void = () => {};

  constructor(private readonly random: () => number = Math.random) {}

  get current(): FaultSettings {
    return { ...this.settings };
  }

  set(settings: FaultSettings): void {
    this.settings = { ...settings };
  }

  update(settings: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  clear(): void {
    this.settings = {};
  }

  /** Closes every open watch now; clients see the stream end and must re-watch. */
  dropWatches(): void {
    this.onDropWatches();
  }

  affects(resource: string): boolean {
    return this.settings.resource === undefined || this.settings.resource === resource;
  }

  latency(resource: string): number {
    const ms = this.affects(resource) ? (this.settings.latencyMs ?? 0) : 0;
    if (ms > 0) this.injected.delayed++;
    return ms;
  }

  /** The injected error for this request, if the dice say so. */
  errorFor(verb: RequestVerb, resource: string): ApiError | undefined {
    if (!this.affects(resource)) return undefined;
    const rate = this.settings.errorRate?.[verb] ?? 0;
    if (rate <= 0 || this.random() >= rate) return undefined;
    const code = this.settings.errorCode ?? 500;
    this.injected.errors++;
    if (code === 429) return new ApiError(429, "TooManyRequests", "injected fault: too many requests", { retryAfterSeconds: 1 });
    if (code === 503) return new ApiError(503, "ServiceUnavailable", "injected fault: service unavailable");
    return new ApiError(500, "InternalError", "Internal error occurred: injected fault");
  }

  /** Consumes one forced 410 if any is pending. */
  takeForcedGone(resource: string): boolean {
    const pending = this.settings.forceGone ?? 0;
    if (pending <= 0 || !this.affects(resource)) return false;
    this.settings.forceGone = pending - 1;
    this.injected.gone++;
    return true;
  }

  watchLifetime(resource: string): number | undefined {
    const lifetime = this.affects(resource) ? this.settings.dropWatchesAfterMs : undefined;
    if (lifetime !== undefined) this.injected.shortLivedWatches++;
    return lifetime;
  }
}
