/**
 * One HTTP round trip to the API server, authenticated from the kubeconfig (client-node applies tokens, exec
 * plugins and client certificates), bounded by an AbortSignal/deadline and retried per `retry.ts`. Bodies are
 * plain JSON: objects come back exactly as the server sent them (no typed models, timestamps stay strings).
 */
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
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

  private async once<T>(req: KubeRequest, signal: AbortSignal): Promise<T> {
    const what = `${req.method} ${req.path}`;
    if (signal.aborted) throw abortReason(signal, what);
    const requestOptions: https.RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(requestOptions);
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

    let body: unknown = text;
    if (text && /json/.test(String(responseHeaders["content-type"] ?? "application/json"))) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (status >= 200 && status < 300) return body as T;
    const kubeStatus: KubeStatus =
      typeof body === "object" && body !== null && (body as KubeStatus).kind === "Status"
        ? (body as KubeStatus)
        : { message: `${what}: HTTP ${status}${typeof body === "string" && body ? `: ${body.slice(0, 200)}` : ""}`, code: status };
    throw new KubeApiError(status, kubeStatus, req.method, req.path, retryAfterMs(responseHeaders["retry-after"], kubeStatus));
  }
}
