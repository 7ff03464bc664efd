/**
 * A render that sees the live cluster (lib/render/live-cluster over lib/kube's template-cluster and template-lookup),
 * against a small fake API server whose answers the sandbox cannot give: a vendor Kubernetes version, a group whose
 * discovery fails, a forbidden object, an answer slower than the render's deadline. The server runs on a worker
 * thread, since a lookup blocks the thread that renders.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChartFromFileMap } from "@/lib/chart/load-chart";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import { clusterConnection } from "@/lib/kube/sync-get";
import { readTemplateCluster, type TemplateCluster } from "@/lib/kube/template-cluster";
import { liveClusterRender } from "@/lib/render/live-cluster";
import { renderChart } from "@/lib/render/render-chart";

const SERVER = `
const http = require("node:http");
const { parentPort } = require("node:worker_threads");
const json = (res, code, body) => { res.writeHead(code, { "Content-Type": "application/json" }); res.end(JSON.stringify(body)); };
const status = (code, reason, message) => ({ kind: "Status", apiVersion: "v1", status: "Failure", reason, code, message });
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const p = url.pathname;
  if (p === "/version") return json(res, 200, { major: "1", minor: "29+", gitVersion: "v1.29.4-gke.100" });
  if (p === "/api") return json(res, 200, { kind: "APIVersions", versions: ["v1"] });
  if (p === "/apis") return json(res, 200, { kind: "APIGroupList", groups: [
    { name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }] },
    { name: "broken.example", versions: [{ groupVersion: "broken.example/v1", version: "v1" }] },
  ] });
  if (p === "/api/v1") return json(res, 200, { kind: "APIResourceList", groupVersion: "v1", resources: [
    { name: "configmaps", kind: "ConfigMap", namespaced: true },
    { name: "namespaces", kind: "Namespace", namespaced: false },
    { name: "pods", kind: "Pod", namespaced: true },
    { name: "pods/eviction", kind: "Eviction", group: "policy", version: "v1", namespaced: true },
  ] });
  if (p === "/apis/apps/v1") return json(res, 200, { kind: "APIResourceList", groupVersion: "apps/v1", resources: [
    { name: "deployments", kind: "Deployment", namespaced: true },
    { name: "deployments/scale", kind: "Scale", group: "autoscaling", version: "v1", namespaced: true },
  ] });
  if (p === "/apis/broken.example/v1") return json(res, 503, status(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
  if (p === "/api/v1/namespaces/team/configmaps/who") return json(res, 200, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "who" }, data: { user: String(req.headers["impersonate-user"] || ""), auth: String(req.headers.authorization || "") } });
  if (p === "/api/v1/namespaces/team/configmaps/forbidden") return json(res, 403, status(403, "Forbidden", 'configmaps "forbidden" is forbidden: User "dev" cannot get resource "configmaps"'));
  if (p === "/api/v1/namespaces/team/configmaps/slow") return setTimeout(() => json(res, 200, { kind: "ConfigMap" }), 5000);
  if (p === "/api/v1/namespaces/team/configmaps") return json(res, 200, { apiVersion: "v1", kind: "ConfigMapList", metadata: {}, items: [{ metadata: { name: "a" } }] });
  json(res, 404, status(404, "NotFound", "the server could not find the requested resource"));
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", () => server.close(() => process.exit(0)));
`;

let worker: Worker;
let dir: string;
let client: KubeClient;
let cluster: TemplateCluster;

beforeAll(async () => {
  worker = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once("message", resolve));
  dir = await mkdtemp(path.join(os.tmpdir(), "hookline-live-render-"));
  const kubeconfig = path.join(dir, "config");
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake", cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: "u", user: { token: "t0ken" } }],
      contexts: [{ name: "fake", context: { cluster: "fake", user: "u", namespace: "team" } }],
      "current-context": "fake",
    }),
  );
  client = createKubeClient({ kubeconfigPath: kubeconfig, impersonate: { user: "dev", groups: [] } });
  cluster = await readTemplateCluster(client);
});

afterAll(async () => {
  await worker?.terminate();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function render(template: string, options: { kubeVersion?: string; timeoutMs?: number } = {}) {
  const chart = await loadChartFromFileMap({
    "Chart.yaml": `apiVersion: v2\nname: live\nversion: 0.1.0\n${options.kubeVersion ? `kubeVersion: "${options.kubeVersion}"\n` : ""}`,
    // Each line a YAML comment, so any text the template prints is a valid manifest.
    "templates/out.yaml": template
      .split("\n")
      .map((line) => `# ${line}`)
      .join("\n"),
  });
  const live = liveClusterRender(cluster, options.timeoutMs ?? 10_000);
  try {
    const rendered = renderChart(chart, { release: { name: "r", namespace: "team" }, capabilities: live.capabilities, lookup: live.lookup, limits: { timeoutMs: options.timeoutMs } });
    return (rendered.files.get("live/templates/out.yaml") ?? "").replace(/^# /gm, "");
  } finally {
    live.close();
  }
}

describe("templates that see a live cluster", () => {
  it("reads helm's capabilities: the server's version, group/versions and group/version/Kinds (sub-resources too)", async () => {
    expect(cluster.capabilities.kubeVersion).toEqual({ Version: "v1.29.4-gke.100", Major: "1", Minor: "29+" });
    expect(cluster.capabilities.apiVersions).toEqual([
      "apps/v1",
      "apps/v1/Deployment",
      "apps/v1/Scale",
      // its discovery failed: the group/version counts, its kinds are unknown (helm warns and goes on)
      "broken.example/v1",
      "v1",
      "v1/ConfigMap",
      "v1/Eviction",
      "v1/Namespace",
      "v1/Pod",
    ]);
    const out = await render(
      '{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.APIVersions.Has "apps/v1/Deployment" }} {{ .Capabilities.APIVersions.Has "apps/v1beta1" }} {{ .Capabilities.APIVersions.Has "broken.example/v1" }}',
    );
    expect(out).toBe("v1.29.4-gke.100 1 29+ true false true");
  });

  it("checks the chart's kubeVersion against the server's version", async () => {
    await expect(render("x", { kubeVersion: "<1.29.0" })).rejects.toThrow(
      "chart requires kubeVersion: <1.29.0 which is incompatible with Kubernetes v1.29.4-gke.100",
    );
    await expect(render("ok", { kubeVersion: ">=1.29.0" })).resolves.toBe("ok");
  });

  it("looks up with the operation's credentials and impersonation; lists set the items' kinds; not found is empty", async () => {
    const out = await render(
      [
        '{{ $who := lookup "v1" "ConfigMap" "team" "who" }}{{ $who.data.user }} {{ $who.data.auth }}',
        '{{ $list := lookup "v1" "ConfigMap" "team" "" }}{{ $list.kind }} {{ (index $list.items 0).kind }} {{ (index $list.items 0).apiVersion }}',
        '{{ lookup "v1" "ConfigMap" "team" "gone" | len }} {{ lookup "apps/v1" "NoSuchKind" "team" "x" | len }}',
      ].join("\n"),
    );
    expect(out).toBe("dev Bearer t0ken\nConfigMapList ConfigMap v1\n0 0");
  });

  it("fails the render on other errors, as helm's lookup does", async () => {
    await expect(render('{{ lookup "v1" "ConfigMap" "team" "forbidden" }}')).rejects.toThrow(
      'error calling lookup: configmaps "forbidden" is forbidden: User "dev" cannot get resource "configmaps"',
    );
    await expect(render('{{ lookup "made.up/v1" "Thing" "team" "x" }}')).rejects.toThrow(
      "error calling lookup: the server could not find the requested resource",
    );
  });

  it("bounds every lookup by the render's deadline", async () => {
    const started = Date.now();
    await expect(render('{{ lookup "v1" "ConfigMap" "team" "slow" }}', { timeoutMs: 400 })).rejects.toThrow(/render deadline passed/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

// A TLS API server that requires a client certificate: the lookup thread gets the CA, the certificate and the key.
const TLS_SERVER = `
const https = require("node:https");
const { parentPort, workerData } = require("node:worker_threads");
const server = https.createServer({ cert: workerData.cert, key: workerData.key, ca: workerData.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
  const peer = req.socket.getPeerCertificate();
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "tls" }, data: { client: peer.subject ? peer.subject.CN : "" } }));
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

describe("lookups over TLS with a client certificate", () => {
  it("reach the server with the kubeconfig's CA, certificate and key", async () => {
    // Certificates from the template engine's own genCA/genSignedCert.
    const certs = await loadChartFromFileMap({
      "Chart.yaml": "apiVersion: v2\nname: certs\nversion: 0.1.0\n",
      "templates/certs.yaml":
        '# {{ $ca := genCA "hookline-test-ca" 1 }}{{ $srv := genSignedCert "127.0.0.1" (list "127.0.0.1") nil 1 $ca }}' +
        '{{ $cli := genSignedCert "tls-user" nil nil 1 $ca }}{{ dict "ca" $ca.Cert "cert" $srv.Cert "key" $srv.Key "clientCert" $cli.Cert "clientKey" $cli.Key | toJson }}',
    });
    const pem = JSON.parse(renderChart(certs, { release: { name: "c", namespace: "default" } }).files.get("certs/templates/certs.yaml")!.slice(2)) as Record<string, string>;
    const tlsWorker = new Worker(TLS_SERVER, { eval: true, workerData: { ca: pem.ca, cert: pem.cert, key: pem.key } });
    try {
      const port = await new Promise<number>((resolve) => tlsWorker.once("message", resolve));
      const kubeconfig = path.join(dir, "tls-config");
      const b64 = (text: string) => Buffer.from(text).toString("base64");
      await writeFile(
        kubeconfig,
        JSON.stringify({
          apiVersion: "v1",
          kind: "Config",
          clusters: [{ name: "tls", cluster: { server: `https://127.0.0.1:${port}`, "certificate-authority-data": b64(pem.ca) } }],
          users: [{ name: "u", user: { "client-certificate-data": b64(pem.clientCert), "client-key-data": b64(pem.clientKey) } }],
          contexts: [{ name: "tls", context: { cluster: "tls", user: "u" } }],
          "current-context": "tls",
        }),
      );
      const tlsClient = createKubeClient({ kubeconfigPath: kubeconfig });
      // The fake answers every path with one ConfigMap, so only the connection is read from it.
      const connection = await clusterConnection(tlsClient.transport);
      const tlsCluster: TemplateCluster = { ...cluster, connection, resources: { v1: [{ kind: "ConfigMap", name: "configmaps", namespaced: true }] } };
      const live = liveClusterRender(tlsCluster, 10_000);
      try {
        const data = live.lookup("v1", "ConfigMap", "default", "tls").get("data") as Map<string, unknown>;
        expect(data.get("client")).toBe("tls-user");
      } finally {
        live.close();
      }
    } finally {
      await tlsWorker.terminate();
    }
  }, 20_000);
});
