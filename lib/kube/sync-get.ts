/**
 * Synchronous GETs against the API server, for the one caller that cannot await: a template's `lookup`, which the
 * synchronous template engine calls in the middle of a render. A worker thread makes the request on its own event
 * loop while the calling thread blocks on `Atomics.wait`, then takes the answer with `receiveMessageOnPort` (the
 * mechanism of the synckit package). The thread's code is a few lines over node:http/https, evaluated from a string,
 * so it starts identically under tsx, the esbuild bundles and the Next.js server, which resolve module files
 * differently; it is started on the first request and stopped by `close()`.
 *
 * The connection is resolved beforehand on the async side (`clusterConnection`): server URL, TLS material and the
 * auth and impersonation headers of the moment. It is plain data, so a render worker process can receive it.
 */
import type https from "node:https";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { KubeTransport, QueryValue } from "./transport";
import { buildUrl } from "./transport";

/** Everything a request to the API server needs, resolved: structured-clone safe. */
export interface ClusterConnection {
  server: string;
  headers: Record<string, string | string[]>;
  tls: {
    ca?: string | Uint8Array | Array<string | Uint8Array>;
    cert?: string | Uint8Array | Array<string | Uint8Array>;
    key?: string | Uint8Array | Array<string | Uint8Array>;
    pfx?: string | Uint8Array | Array<string | Uint8Array>;
    passphrase?: string;
    rejectUnauthorized?: boolean;
    servername?: string;
  };
}

const TLS_FIELDS = ["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "servername"] as const;

/** The transport's connection as of now (tokens from exec plugins included), without its agent. */
export async function clusterConnection(transport: KubeTransport): Promise<ClusterConnection> {
  const options: https.RequestOptions = await transport.connectionOptions(false);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (Array.isArray(value)) headers[name] = value.map(String);
    else if (value !== undefined) headers[name] = String(value);
  }
  if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString("base64")}`;
  const tls: Record<string, unknown> = {};
  for (const field of TLS_FIELDS) if (options[field] !== undefined) tls[field] = options[field];
  return { server: transport.server, headers, tls: tls as ClusterConnection["tls"] };
}

export interface SyncResponse {
  status: number;
  body: string;
}

interface ThreadRequest {
  id: number;
  url: string;
  headers: Record<string, string | string[]>;
  tls: ClusterConnection["tls"];
  timeoutMs: number;
}
type ThreadReply = { id: number; status: number; body: string } | { id: number; error: string };

// The thread: one GET per message; the reply is posted first, then the counter is bumped and the caller woken.
const THREAD_SOURCE = `
const { workerData } = require("node:worker_threads");
const http = require("node:http");
const https = require("node:https");
const { port, signal } = workerData;
const bytes = (v) => (v instanceof Uint8Array ? Buffer.from(v) : v);
port.on("message", (req) => {
  let answered = false;
  const answer = (reply) => {
    if (answered) return;
    answered = true;
    port.postMessage({ id: req.id, ...reply });
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const tls = {};
  for (const [k, v] of Object.entries(req.tls)) tls[k] = Array.isArray(v) ? v.map(bytes) : bytes(v);
  const url = new URL(req.url);
  const send = url.protocol === "http:" ? http.request : https.request;
  const request = send(url, { ...tls, method: "GET", headers: { ...req.headers, Accept: "application/json" }, timeout: req.timeoutMs }, (res) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => answer({ status: res.statusCode || 0, body: Buffer.concat(chunks).toString("utf8") }));
    res.on("error", (e) => answer({ error: e.message }));
  });
  request.on("timeout", () => request.destroy(new Error("timed out after " + req.timeoutMs + " ms")));
  request.on("error", (e) => answer({ error: e.message }));
  request.end();
});
`;

export class SyncGetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`GET ${path}: ${message}`);
    this.name = "SyncGetError";
  }
}

/** Blocking GETs over one connection; each bounded by its own timeout. Not for a thread that must stay responsive. */
export class SyncGetter {
  private thread: { worker: Worker; port: MessagePort; signal: Int32Array } | null = null;
  private nextId = 0;

  constructor(private readonly connection: ClusterConnection) {}

  private start() {
    if (this.thread) return this.thread;
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { port: port2, signal }, transferList: [port2] });
    worker.unref();
    this.thread = { worker, port: port1, signal };
    return this.thread;
  }

  get(path: string, query: Record<string, QueryValue> | undefined, timeoutMs: number): SyncResponse {
    if (timeoutMs <= 0) throw new SyncGetError(path, "no time left");
    const { port, signal } = this.start();
    const id = ++this.nextId;
    const url = buildUrl(this.connection.server, path, query).toString();
    const deadline = Date.now() + timeoutMs;
    let seen = Atomics.load(signal, 0);
    port.postMessage({ id, url, headers: this.connection.headers, tls: this.connection.tls, timeoutMs } satisfies ThreadRequest);
    for (;;) {
      for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
        const reply = received.message as ThreadReply;
        if (reply.id !== id) continue; // the late answer of a request that timed out
        if ("error" in reply) throw new SyncGetError(path, reply.error);
        return { status: reply.status, body: reply.body };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new SyncGetError(path, `timed out after ${timeoutMs} ms`);
      Atomics.wait(signal, 0, seen, left);
      seen = Atomics.load(signal, 0);
    }
  }

  close(): void {
    if (!this.thread) return;
    this.thread.port.close();
    void this.thread.worker.terminate();
    this.thread = null;
  }
}
