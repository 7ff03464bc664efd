/**
 * One HTTP round trip to the API server, authenticated from the kubeconfig (client-node applies tokens, exec
 * plugins and client certificates), bounded by an AbortSignal/deadline and retried per `retry.ts`. Bodies are
 * plain JSON: objects come back exactly as the server sent them (no typed models, timestamps stay strings).
 */
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { ConnectionPool } from "./connection-pool";
import { abortReason, boundedSignal, type Bounds } from "./deadline";
import { KubeApiError, KubeConnectionError, type KubeStatus } from "./errors";
import { isIdempotent, realClock, withRetry, type Clock, type RetryPolicy } from "./retry";

export type QueryValue = string | number | boolean | undefined;

export interface KubeRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, QueryValue>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
  contentType?: string;
  accept?: string;
}

export interface TransportOptions {
  retryPolicy?: RetryPolicy;
  clock?: Clock;
  /** Per-call bound when the caller passes neither signal nor deadline. */
  defaultTimeoutMs?: number;
}

function retryAfterMs(header: string | string[] | undefined, status: KubeStatus | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const seconds = value !== undefined ? Number(value) : status?.details?.retryAfterSeconds;
  return seconds !== undefined && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

export function buildUrl(server: string, path: string, query?: Record<string, QueryValue>): URL {
  const url = new URL(server.replace(/\/+$/, "") + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

export class KubeTransport {
  private readonly clock: Clock;
  private readonly pool = new ConnectionPool();

  constructor(
    readonly kubeConfig: KubeConfig,
    readonly server: string,
    private readonly options: TransportOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
  }

  async request<T = unknown>(req: KubeRequest, bounds: Bounds = {}): Promise<T> {
    const signal = boundedSignal(bounds, this.options.defaultTimeoutMs);
    return withRetry(() => this.once<T>(req, signal), {
      policy: this.options.retryPolicy,
      idempotent: isIdempotent(req.method, req.contentType),
      retryConflicts: req.method === "DELETE",
      signal,
      clock: this.clock,
      deadline: bounds.deadline,
    });
  }

  /** Closes idle kept-alive connections (they never keep the process alive; this frees them at once). */
  close(): void {
    this.pool.close();
  }

  /**
   * Authentication headers and the agent for one request (tokens and certificates may rotate). Requests that are
   * safe to repeat share kept-alive connections: if the server closed an idle one just as it was reused, the
   * retry sends them again. A request that is not safe to repeat (POST) gets a connection of its own, since a
   * reset there cannot tell "never arrived" from "applied, then the connection broke".
   */
  async connectionOptions(shared = true): Promise<https.RequestOptions> {
    const requestOptions: https.RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(requestOptions);
    if (shared) requestOptions.agent = this.pool.agentFor(requestOptions.agent as http.Agent | undefined);
    return requestOptions;
  }

  private async once<T>(req: KubeRequest, signal: AbortSignal): Promise<T> {
    const what = `${req.method} ${req.path}`;
    if (signal.aborted) throw abortReason(signal, what);
    const requestOptions = await this.connectionOptions(isIdempotent(req.method, req.contentType));
    const url = buildUrl(this.server, req.path, req.query);
    const payload =
      req.body === undefined ? undefined : typeof req.body === "string" ? req.body : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      ...(requestOptions.headers as Record<string, string> | undefined),
      Accept: req.accept ?? "application/json",
    };
    if (payload !== undefined) {
      headers["Content-Type"] = req.contentType ?? "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    const send = url.protocol === "http:" ? http.request : https.request;

    const { status, responseHeaders, text } = await new Promise<{
      status: number;
      responseHeaders: http.IncomingHttpHeaders;
      text: string;
    }>((resolve, reject) => {
      const request = send(
        url,
        { ...requestOptions, method: req.method, headers, agent: requestOptions.agent, signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (c: Buffer) => chunks.push(c));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, responseHeaders: response.headers, text: Buffer.concat(chunks).toString("utf8") }),
          );
          response.on("error", (e) => reject(signal.aborted ? abortReason(signal, what) : new KubeConnectionError(req.method, req.path, e)));
          response.on("aborted", () => reject(new KubeConnectionError(req.method, req.path, new Error("response aborted"))));
        },
      );
      request.on("error", (e) => reject(signal.aborted ? abortReason(signal, what) : new KubeConnectionError(req.method, req.path, e)));
      if (payload !== undefined) request.write(payload);
      request.end();
    });

    const body = parseBody(text, responseHeaders);
    if (status >= 200 && status < 300) return body as T;
    throw apiError(status, responseHeaders, body, req.method, req.path);
  }

  /**
   * One watch request: each line of the answer is one event, handed to `onEvent` as parsed JSON. Resolves when
   * the server ends the stream or the signal fires; rejects with KubeApiError when the server refuses the watch
   * (its Status kept: 410 Expired, 429, 5xx) and with KubeConnectionError when the connection breaks. Not retried:
   * the caller resumes from the last resourceVersion it saw.
   */
  async watch(path: string, query: Record<string, QueryValue>, onEvent: (event: unknown) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const requestOptions = await this.connectionOptions();
    const url = buildUrl(this.server, path, { ...query, watch: true });
    const headers = { ...(requestOptions.headers as Record<string, string> | undefined), Accept: "application/json" };
    const send = url.protocol === "http:" ? http.request : https.request;
    await new Promise<void>((resolve, reject) => {
      const broken = (e: Error) => (signal.aborted ? resolve() : reject(new KubeConnectionError("GET", path, e)));
      const request = send(url, { ...requestOptions, method: "GET", headers, signal }, (response) => {
        const status = response.statusCode ?? 0;
        response.setEncoding("utf8");
        response.on("error", broken);
        response.on("aborted", () => broken(new Error("watch stream aborted")));
        if (status < 200 || status >= 300) {
          let text = "";
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => reject(apiError(status, response.headers, parseBody(text, response.headers), "GET", path)));
          return;
        }
        let pending = "";
        response.on("data", (chunk: string) => {
          pending += chunk;
          for (let newline = pending.indexOf("\n"); newline >= 0; newline = pending.indexOf("\n")) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (!line) continue;
            let event: unknown;
            try {
              event = JSON.parse(line);
            } catch {
              continue; // a torn line: the stream is broken and ends next
            }
            onEvent(event);
          }
        });
        response.on("end", () => resolve());
      });
      request.on("error", broken);
      request.end();
    });
  }
}

function parseBody(text: string, headers: http.IncomingHttpHeaders): unknown {
  if (!text || !/json/.test(String(headers["content-type"] ?? "application/json"))) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The error for a non-2xx answer, carrying the server's Status when it sent one. */
function apiError(status: number, headers: http.IncomingHttpHeaders, body: unknown, method: string, path: string): KubeApiError {
  const kubeStatus: KubeStatus =
    typeof body === "object" && body !== null && (body as KubeStatus).kind === "Status"
      ? (body as KubeStatus)
      : { message: `${method} ${path}: HTTP ${status}${typeof body === "string" && body ? `: ${body.slice(0, 200)}` : ""}`, code: status };
  return new KubeApiError(status, kubeStatus, method, path, retryAfterMs(headers["retry-after"], kubeStatus));
}
