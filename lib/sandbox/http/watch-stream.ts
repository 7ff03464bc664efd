/**
 * One watch connection: newline-delimited `{type, object}` events in resourceVersion order. Supports
 * `sendInitialEvents=true` (ADDED for current objects, then a BOOKMARK annotated `k8s.io/initial-events-end`),
 * classic resumption from a resourceVersion (410 Gone as an ERROR event once history is compacted), label and field
 * selectors, periodic bookmarks and `timeoutSeconds`. Table-accepting clients get one-row Tables.
 */
import type { ServerResponse } from "node:http";
import { ApiError, expired } from "../api/errors";
import type { Cluster } from "../api/cluster";
import { type ResourceType, apiVersionOf, typeKey } from "../api/resource-types";
import { parseFieldSelector, parseLabelSelector } from "../api/selectors";
import type { StoreEvent } from "../store/object-store";
import { TABLE_CONTENT_TYPE, toTable } from "./table";

type Json = Record<string, unknown>;

export interface WatchRequest {
  type: ResourceType;
  namespace: string | undefined;
  labelSelector: string | null;
  fieldSelector: string | null;
  resourceVersion: string | null;
  sendInitialEvents: boolean;
  allowBookmarks: boolean;
  timeoutSeconds: number | undefined;
  asTable: boolean;
  includeObject: string | null;
  /** Closes the stream after this long (fault injection). */
  lifetimeMs: number | undefined;
  /** Answer 410 Gone whatever the version (fault injection). */
  forceGone: boolean;
}

const BOOKMARK_INTERVAL_MS = 5_000;
const SERIALIZED = new WeakMap<StoreEvent, string>();
const DEFAULT_TIMEOUT_SECONDS = 1800;

export class WatchStream {
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly cluster: Cluster,
    private readonly req: WatchRequest,
    private readonly res: ServerResponse,
    private readonly onClose: (stream: WatchStream) => void,
  ) {}

  start(): void {
    const { req, res, cluster } = this;
    const key = typeKey(req.type);
    const labels = parseLabelSelector(req.labelSelector);
    const fields = parseFieldSelector(req.fieldSelector);
    const inScope = (event: StoreEvent): boolean => event.typeKey === key && (req.namespace === undefined || event.namespace === req.namespace);
    const selected = (object: Json): boolean => labels(object) && fields(object);
    // With selectors, a modification can move an object into or out of view: Kubernetes reports that as
    // ADDED or DELETED, so a client's cache never keeps an object it can no longer see.
    const asSeen = (event: StoreEvent): StoreEvent | undefined => {
      if (!inScope(event)) return undefined;
      const now = selected(event.object);
      if (event.type !== "MODIFIED" || !event.previous) return now ? event : undefined;
      const before = selected(event.previous);
      if (now && before) return event;
      if (now) return { ...event, type: "ADDED" };
      if (before) return { ...event, type: "DELETED" };
      return undefined;
    };

    res.writeHead(200, { "Content-Type": req.asTable ? TABLE_CONTENT_TYPE : "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    res.on("close", () => this.close());

    const rvParam = req.resourceVersion;
    const initialState = req.sendInitialEvents || rvParam === null || rvParam === "" || rvParam === "0";
    let backlog: StoreEvent[] = [];
    if (!initialState || req.forceGone) {
      const since = Number(rvParam);
      const events = req.forceGone ? undefined : Number.isFinite(since) ? cluster.store.eventsSince(since) : undefined;
      if (!events) {
        const oldest = cluster.store.oldestResumableVersion;
        const error = Number.isFinite(since) ? expired(since, Math.max(oldest, since + 1)) : new ApiError(400, "BadRequest", `invalid resource version: ${String(rvParam)}`);
        this.write({ type: "ERROR", object: error.toStatus() });
        this.end();
        return;
      }
      backlog = events.map(asSeen).filter((e): e is StoreEvent => e !== undefined);
    }

    this.unsubscribe = cluster.store.subscribe((event) => {
      const seen = asSeen(event);
      if (seen) this.writeStoreEvent(seen);
    });

    if (initialState) {
      const { items } = cluster.list(req.type, req.namespace, { labelSelector: req.labelSelector, fieldSelector: req.fieldSelector });
      for (const item of items) this.write(this.eventFor("ADDED", item));
      if (req.sendInitialEvents) this.bookmark(true);
    } else {
      for (const event of backlog) this.writeStoreEvent(event);
    }

    if (req.allowBookmarks) this.timers.push(setInterval(() => this.bookmark(false), BOOKMARK_INTERVAL_MS));
    const timeoutMs = (req.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    this.timers.push(setTimeout(() => this.end(), req.lifetimeMs !== undefined ? Math.min(req.lifetimeMs, timeoutMs) : timeoutMs));
  }

  /** Many watches see the same change; plain-JSON watches share one serialization of it. */
  private writeStoreEvent(event: StoreEvent): void {
    if (this.closed) return;
    if (this.req.asTable || this.cluster.present(this.req.type, event.object) !== event.object) {
      this.write(this.eventFor(event.type, event.object));
      return;
    }
    let line = SERIALIZED.get(event);
    if (line === undefined) {
      line = `${JSON.stringify({ type: event.type, object: event.object })}\n`;
      SERIALIZED.set(event, line);
    }
    this.res.write(line);
  }

  private eventFor(type: string, object: Json): Json {
    const presented = this.cluster.present(this.req.type, object);
    if (!this.req.asTable) return { type, object: presented };
    const rv = String(((presented.metadata ?? {}) as Json).resourceVersion ?? "");
    return { type, object: toTable(this.req.type.kind, [presented], rv, this.req.includeObject) };
  }

  private bookmark(initialEventsEnd: boolean): void {
    const metadata: Json = { resourceVersion: String(this.cluster.store.currentResourceVersion) };
    if (initialEventsEnd) metadata.annotations = { "k8s.io/initial-events-end": "true" };
    this.write({ type: "BOOKMARK", object: { kind: this.req.type.kind, apiVersion: apiVersionOf(this.req.type), metadata } });
  }

  private write(event: Json): void {
    if (this.closed) return;
    this.res.write(`${JSON.stringify(event)}\n`);
  }

  /** Ends the stream from the server side (timeout, fault injection, shutdown). */
  end(): void {
    if (this.closed) return;
    this.close();
    this.res.end();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.onClose(this);
  }
}
