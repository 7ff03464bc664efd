/**
 * A tiny HTTP server for transport-level tests: each request is answered by the next scripted handler for its
 * method and path, so a test can make the server throttle (429), fail (503), drop the connection or stall, and
 * then check what the client sent. It speaks just enough of the API conventions (Status bodies) for that.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse) => void;

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function status(res: http.ServerResponse, code: number, reason: string, message: string, headers: Record<string, string> = {}): void {
  json(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code }, headers);
}

export class ScriptedApiServer {
  readonly seen: SeenRequest[] = [];
  private readonly scripts = new Map<string, Handler[]>();
  private readonly fallback = new Map<string, Handler>();
  private server?: http.Server;
  url = "";
  /** TCP connections accepted so far. */
  connections = 0;

  /** Handlers used once each, in order, for `METHOD /path` (query ignored). */
  script(route: string, ...handlers: Handler[]): this {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...handlers]);
    return this;
  }

  /** Handler used whenever no scripted one is left. */
  always(route: string, handler: Handler): this {
    this.fallback.set(route, handler);
    return this;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        this.seen.push(seen);
        const route = `${seen.method} ${seen.url.split("?")[0]}`;
        const handler = this.scripts.get(route)?.shift() ?? this.fallback.get(route);
        if (handler) handler(seen, res);
        else status(res, 404, "NotFound", `${route} not scripted`);
      });
    });
    this.server.on("connection", () => this.connections++);
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A kubeconfig file pointing at this server with a dummy token. */
  writeKubeconfig(namespace = "default"): string {
    const dir = mkdtempSync(path.join(tmpdir(), "hookline-kube-"));
    const file = path.join(dir, "config");
    writeFileSync(
      file,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: scripted\n  cluster:\n    server: ${this.url}`,
        "users:",
        "- name: tester\n  user:\n    token: dummy-token",
        "contexts:",
        `- name: scripted\n  context:\n    cluster: scripted\n    user: tester\n    namespace: ${namespace}`,
        "current-context: scripted",
        "",
      ].join("\n"),
    );
    return file;
  }
}

export const CORE_V1 = {
  kind: "APIResourceList",
  groupVersion: "v1",
  resources: [
    { name: "configmaps", singularName: "configmap", namespaced: true, kind: "ConfigMap", verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
    { name: "secrets", singularName: "secret", namespaced: true, kind: "Secret", verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
    { name: "namespaces", singularName: "namespace", namespaced: false, kind: "Namespace", verbs: ["get", "list"] },
    { name: "pods", singularName: "pod", namespaced: true, kind: "Pod", verbs: ["get", "list"] },
    { name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] },
  ],
};
