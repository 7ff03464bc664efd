/**
 * Sandbox load benchmark (printed, not asserted): 200 concurrent watches, 10,000 ConfigMaps created over HTTP, then
 * reads, lists and patches. Prints request latency percentiles per operation, watch delivery and memory.
 * Run: npx tsx bench/sandbox/run.ts [--objects N] [--watches N] [--concurrency N]
 */
import http from "node:http";
import { startSandbox } from "../../lib/sandbox/sandbox";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const OBJECTS = flag("objects", 10_000);
const WATCHES = flag("watches", 200);
const CONCURRENCY = flag("concurrency", 32);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + WATCHES + 8 });

function request(url: string, method: string, body?: unknown, contentType = "application/json"): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, agent, headers: { "Content-Type": contentType, Accept: "application/json", ...(payload ? { "Content-Length": Buffer.byteLength(payload) } : {}) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

async function timed(count: number, make: (i: number) => Promise<number>): Promise<{ latencies: number[]; seconds: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const status = await make(i);
        latencies.push(performance.now() - t0);
        if (status >= 400) failures++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

function report(name: string, { latencies, seconds, failures }: { latencies: number[]; seconds: number; failures: number }): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p = (q: number): string => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);
  console.log(
    `${name.padEnd(10)} n=${String(sorted.length).padStart(6)}  ${(sorted.length / seconds).toFixed(0).padStart(6)} req/s  p50=${p(0.5)}ms  p90=${p(0.9)}ms  p99=${p(0.99)}ms  max=${sorted[sorted.length - 1].toFixed(2)}ms  failures=${failures}`,
  );
}

function memory(label: string): void {
  const m = process.memoryUsage();
  console.log(`memory ${label}: rss=${(m.rss / 2 ** 20).toFixed(0)}MiB heapUsed=${(m.heapUsed / 2 ** 20).toFixed(0)}MiB`);
}

const sandbox = await startSandbox({ watchHistory: OBJECTS * 3 });
const base = `${sandbox.url}/api/v1/namespaces/bench/configmaps`;
try {
  memory("at start");
  await request(`${sandbox.url}/api/v1/namespaces`, "POST", { metadata: { name: "bench" } });

  let delivered = 0;
  const watchRequests: http.ClientRequest[] = [];
  await Promise.all(
    Array.from({ length: WATCHES }, (_, w) =>
      new Promise<void>((resolve) => {
        // Half the watches see everything, half only one shard, so selectors are exercised too.
        const selector = w % 2 === 0 ? "" : `&labelSelector=shard%3D${w % 10}`;
        const req = http.get(`${base}?watch=true&resourceVersion=${sandbox.cluster.store.currentResourceVersion}${selector}`, { agent }, (res) => {
          res.on("data", (chunk: Buffer) => {
            for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) delivered++;
          });
          resolve();
        });
        req.on("error", () => undefined);
        watchRequests.push(req);
      }),
    ),
  );
  const expectedDeliveries = (WATCHES / 2) * OBJECTS + (WATCHES / 2) * (OBJECTS / 10);

  const create = await timed(OBJECTS, (i) => request(base, "POST", { metadata: { name: `cm-${i}`, labels: { shard: String(i % 10) } }, data: { index: String(i), payload: "x".repeat(200) } }));
  report("create", create);
  const deliveryStarted = performance.now();
  while (delivered < expectedDeliveries && performance.now() - deliveryStarted < 60_000) await new Promise((r) => setTimeout(r, 50));
  console.log(`watch      ${WATCHES} watches delivered ${delivered}/${expectedDeliveries} events; drained ${((performance.now() - deliveryStarted) / 1000).toFixed(2)}s after the last create`);
  memory(`with ${OBJECTS} objects and ${WATCHES} watches`);

  report("get", await timed(2000, (i) => request(`${base}/cm-${(i * 7919) % OBJECTS}`, "GET")));
  report("list", await timed(50, (i) => request(`${base}?labelSelector=shard%3D${i % 10}`, "GET")));
  report("patch", await timed(2000, (i) => request(`${base}/cm-${(i * 104729) % OBJECTS}`, "PATCH", { data: { patched: String(i) } }, "application/merge-patch+json")));
  report("apply", await timed(1000, (i) => request(`${base}/cm-${i}?fieldManager=bench`, "PATCH", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { applied: "yes" } }, "application/apply-patch+yaml")));
  memory("at end");
  for (const req of watchRequests) req.destroy();
} finally {
  agent.destroy();
  await sandbox.stop();
}
