/**
 * `npm start`: everything Hookline needs on a fresh machine, in order —
 *   1. build the web app if the sources are newer than the last build,
 *   2. bring the database up to date (SQLite under HOOKLINE_DATA_DIR unless DATABASE_URL says otherwise),
 *   3. start the embedded sandbox cluster when no KUBECONFIG is configured (and install the demo release once),
 *   4. reconcile operations left running by a dead process or host (then periodically, see lib/lifecycle/recovery),
 *   5. serve the app on PORT (default 3000), until SIGINT/SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseConfig, describeDatabase, type Env } from "@/lib/db/config";
import { migrateDatabase } from "@/lib/db/setup";
import { createDb } from "@/lib/db/client";
import { hasUsers, seedAdminFromEnv } from "@/lib/auth/accounts";
import { startEmbeddedCluster, type EmbeddedCluster } from "./start-cluster";
import { installDemoOnce } from "./install-demo";
import { createKubeClient } from "@/lib/kube";
import { createReleaseStore } from "@/lib/release";
import { operationTimings, reconcileInterruptedOperations, scheduleReconcile, type ReconcileReport, type StoreFor } from "@/lib/lifecycle/recovery";
import { parseOidcConfig } from "@/lib/auth/oidc/config";
import { kubeImpersonationEnabled } from "@/lib/kube/impersonation";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const env: Env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", HOOKLINE_ROOT: root };
/** The same variables in the type child_process wants (Next.js declares NODE_ENV as always present). */
const childEnv = env as NodeJS.ProcessEnv;

function log(line: string) {
  process.stdout.write(`[hookline] ${line}\n`);
}

/** The newest modification time among the files a build depends on. */
function newestSourceMtime(): number {
  const skip = new Set(["node_modules", ".next", "generated", "data", "test", "test-results", ".cache", "bench", ".git"]);
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "components", "lib", "public"]) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of ["next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json"]) {
    if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceMtime()) return;
  log("building the web app (next build)…");
  const result = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], { cwd: root, env: childEnv, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the web server did not answer ${url} within ${timeoutMs / 1000}s`);
}

async function main() {
  // Bad single sign-on or impersonation settings stop the start with a message naming the variable.
  const sso = parseOidcConfig(env);
  if (sso) log(`single sign-on with ${sso.issuer.href}${sso.only ? " (local sign-in off)" : ""}`);
  if (kubeImpersonationEnabled(env)) log("cluster operations act as the signed-in user (Kubernetes impersonation)");
  buildIfNeeded();
  const config = databaseConfig(env);
  const migrated = await migrateDatabase(config, root);
  log(`database ${describeDatabase(config)}: ${migrated.applied.length ? `applied ${migrated.applied.join(", ")}` : "up to date"}`);
  const db = createDb(config);
  const seeded = await seedAdminFromEnv(db, env.HOOKLINE_ADMIN_PASSWORD);
  if (seeded !== "skipped") log(`user admin ${seeded} from HOOKLINE_ADMIN_PASSWORD`);
  const firstRun = !(await hasUsers(db));

  let cluster: EmbeddedCluster | undefined;
  if (!env.KUBECONFIG) {
    cluster = await startEmbeddedCluster(env);
    log(`sandbox cluster at ${cluster.url} (kubeconfig ${cluster.kubeconfigPath})`);
    if (env.HOOKLINE_DEMO !== "0") {
      const demo = await installDemoOnce(db, { root, sandboxDir: path.dirname(cluster.kubeconfigPath), kubeconfigPath: cluster.kubeconfigPath, context: cluster.context }).catch(
        (err: unknown) => `not installed: ${err instanceof Error ? err.message : String(err)}`,
      );
      log(`demo release: ${demo}`);
    }
  } else {
    log(`cluster from KUBECONFIG=${env.KUBECONFIG}`);
  }

  // Operations whose process is gone (here: a dead pid; anywhere: a stale heartbeat) are marked interrupted and their
  // releases unlocked: now, and every little while as long as Hookline runs (another host may die meanwhile).
  const clients = new Map<string, ReturnType<typeof createKubeClient>>();
  const storeFor: StoreFor = (context, namespace) => {
    try {
      let client = clients.get(context);
      if (!client) {
        client = cluster && context === cluster.context ? createKubeClient({ kubeconfigPath: cluster.kubeconfigPath }) : createKubeClient({ context });
        clients.set(context, client);
      }
      return createReleaseStore({ namespace, client });
    } catch {
      return undefined;
    }
  };
  const timings = operationTimings(env);
  const reconcile = () => reconcileInterruptedOperations(db, storeFor, { staleAfterMs: timings.staleAfterMs });
  const logReport = (report: ReconcileReport | Error) => {
    if (report instanceof Error) return log(`reconciling interrupted operations failed (retrying): ${report.message}`);
    for (const r of report.interrupted) log(`recovered interrupted ${r.kind} of ${r.namespace}/${r.releaseName} (operation ${r.operationId}, ${r.cause}): release ${r.release}`);
    for (const key of report.freedLocks) log(`freed the lock of ${key}, left by an operation that had ended`);
    for (const id of report.deferred) log(`operation ${id} was left running by a process that is gone; its cluster did not answer, trying again later`);
  };
  logReport(await reconcile());
  const stopReconciling = scheduleReconcile(reconcile, timings.reconcileEveryMs, logReport);

  const server = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", host], {
    cwd: root,
    env: childEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const stop = async (signal: NodeJS.Signals) => {
    stopReconciling();
    server.kill(signal);
    await cluster?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  server.on("exit", async (code) => {
    await cluster?.stop();
    process.exit(code ?? 1);
  });
  await waitForHealth(`http://${host}:${port}/api/health`, server);
  log(`ready: http://localhost:${port}${firstRun ? " (first run: open it to create the admin account)" : ""}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[hookline] start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
