/**
 * Interop with the real helm 4.1.4 through the sandbox cluster: records Hookline writes are read by `helm history`,
 * `helm get`, `helm list` and even acted on by `helm rollback`; records helm writes are read by Hookline, and
 * re-encoding them reproduces helm's JSON byte for byte. Both the Secrets and the ConfigMaps drivers.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helmBinary } from "@/test/helpers/binaries";
import { createKubeClient, type KubeClient } from "@/lib/kube";
import {
  ReleaseExistsError,
  ReleaseNotFoundError,
  ReleaseStorage,
  createConfigMapsDriver,
  createSecretsDriver,
  decodeReleaseJson,
  marshalRelease,
  nowGoTime,
  parseRelease,
} from "@/lib/release";
import { sandboxAvailable, startTestSandbox, type RunningSandbox } from "@/test/kube/helpers/sandbox";

const run = promisify(execFile);
const CHART = path.resolve(process.cwd(), "..", "shared", "spec", "probe-charts", "apiprobe-chart");

let env: RunningSandbox;
let client: KubeClient;

async function helm(args: string[], driver = "secret"): Promise<string> {
  const { stdout } = await run(await helmBinary(), args, {
    env: { ...process.env, KUBECONFIG: env.kubeconfigPath, HELM_DRIVER: driver, HELM_CACHE_HOME: "/tmp/hookline-helm-cache", HELM_CONFIG_HOME: "/tmp/hookline-helm-config" },
    maxBuffer: 32 * 1024 * 1024,
    timeout: 60_000,
  });
  return stdout;
}

/** A release exactly as helm renders it (client-side dry run), turned into a deployed revision 1. */
async function renderedRelease(name: string, namespace: string) {
  const json = await run(await helmBinary(), ["install", name, CHART, "-n", namespace, "--dry-run=client", "-o", "json", "--set", "message=from-hookline"], {
    maxBuffer: 32 * 1024 * 1024,
  });
  const release = parseRelease(JSON.parse(json.stdout));
  release.info.status = "deployed";
  release.info.description = "Install complete";
  release.info.last_deployed = nowGoTime();
  return release;
}

describe.skipIf(!sandboxAvailable)("release storage interop with helm 4.1.4 (sandbox)", () => {
  beforeAll(async () => {
    env = await startTestSandbox();
    client = createKubeClient({ kubeconfigPath: env.kubeconfigPath });
  });
  afterAll(async () => {
    await env?.sandbox.stop();
  });

  for (const driverName of ["secret", "configmap"] as const) {
    const makeDriver = (ns: string) =>
      driverName === "secret" ? createSecretsDriver(client, { namespace: ns }) : createConfigMapsDriver(client, { namespace: ns });

    it(`${driverName}s: helm reads what Hookline writes (history, get values/manifest, list, rollback)`, async () => {
      const ns = "default";
      const name = `hw-${driverName}`;
      const storage = new ReleaseStorage(makeDriver(ns));
      const v1 = await renderedRelease(name, ns);
      v1.labels = { team: "platform" };
      await storage.create(v1);

      const history = JSON.parse(await helm(["history", name, "-n", ns, "-o", "json"], driverName));
      expect(history).toEqual([
        expect.objectContaining({ revision: 1, status: "deployed", chart: "demo-0.1.0", app_version: "1.0", description: "Install complete" }),
      ]);
      expect(JSON.parse(await helm(["get", "values", name, "-n", ns, "-o", "json"], driverName))).toEqual({ message: "from-hookline" });
      expect((await helm(["get", "manifest", name, "-n", ns], driverName)).trim()).toBe(v1.manifest.trim());
      const listed = JSON.parse(await helm(["list", "-n", ns, "-o", "json"], driverName));
      expect(listed.map((r: { name: string }) => r.name)).toContain(name);

      // A second revision written by Hookline; helm then rolls back to revision 1 using our records.
      const v2 = parseRelease({ ...JSON.parse(marshalRelease(v1)), version: 2, info: { ...JSON.parse(marshalRelease(v1)).info, description: "Upgrade complete" } });
      v1.info.status = "superseded";
      await storage.update(v1);
      await storage.create(v2);
      expect(JSON.parse(await helm(["history", name, "-n", ns, "-o", "json"], driverName)).map((r: { status: string }) => r.status)).toEqual([
        "superseded",
        "deployed",
      ]);
      await helm(["rollback", name, "1", "-n", ns, "--timeout", "20s"], driverName);
      const afterRollback = await storage.history(name);
      expect(afterRollback.map((r) => [r.version, r.info.status, r.info.description])).toEqual([
        [1, "superseded", "Install complete"],
        [2, "superseded", "Upgrade complete"],
        [3, "deployed", "Rollback to 1"],
      ]);
    });

    it(`${driverName}s: Hookline reads what helm writes, and re-encodes it byte for byte`, async () => {
      const ns = "default";
      const name = `hr-${driverName}`;
      await helm(["install", name, CHART, "-n", ns, "--labels", "tier=web", "--timeout", "20s"], driverName);
      await helm(["upgrade", name, CHART, "-n", ns, "--set", "message=again", "--timeout", "20s"], driverName);
      const storage = new ReleaseStorage(makeDriver(ns));

      const history = await storage.history(name);
      expect(history.map((r) => [r.version, r.info.status])).toEqual([
        [1, "superseded"],
        [2, "deployed"],
      ]);
      expect((await storage.deployed(name)).config).toEqual({ message: "again" });
      expect((await storage.last(name)).apply_method).toBe("ssa");
      const viaGet = await storage.get(name, 2);
      expect(viaGet.labels).toEqual({ tier: "web" });
      expect(viaGet.hooks.map((h) => h.name).sort()).toEqual([`${name}-post-install`, `${name}-pre-install`, `${name}-pre-upgrade`].sort());
      expect(viaGet.hooks.find((h) => h.name === `${name}-pre-upgrade`)?.last_run.phase).toBe("Succeeded");

      // The stored JSON helm wrote equals what Hookline writes for the decoded record.
      const kind = driverName === "secret" ? "Secret" : "ConfigMap";
      const object = await client.getObject(kind, ns, `sh.helm.release.v1.${name}.v2`);
      expect(object?.metadata.labels).toMatchObject({ name, owner: "helm", status: "deployed", version: "2", tier: "web" });
      const data = object!.data!.release!;
      const encoded = driverName === "secret" ? Buffer.from(data, "base64").toString("utf8") : data;
      const helmJson = decodeReleaseJson(encoded);
      expect(marshalRelease(parseRelease(JSON.parse(helmJson)))).toBe(helmJson);
    });
  }

  it("maps the API's AlreadyExists and NotFound to helm's storage errors through the real client", async () => {
    const storage = new ReleaseStorage(createSecretsDriver(client, { namespace: "default" }));
    const release = await renderedRelease("twice", "default");
    await storage.create(release);
    await expect(storage.create(release)).rejects.toBeInstanceOf(ReleaseExistsError);
    await expect(storage.get("twice", 9)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await storage.delete("twice", 1);
    await expect(storage.delete("twice", 1)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(storage.history("twice")).rejects.toBeInstanceOf(ReleaseNotFoundError);
  });

  it("max-history pruning through the cluster keeps the deployed revision", async () => {
    const storage = new ReleaseStorage(createSecretsDriver(client, { namespace: "default" }));
    const base = await renderedRelease("pruned", "default");
    for (const [version, status] of [[1, "superseded"], [2, "deployed"], [3, "failed"]] as const) {
      await storage.create(parseRelease({ ...JSON.parse(marshalRelease(base)), version, info: { ...JSON.parse(marshalRelease(base)).info, status } }));
    }
    storage.maxHistory = 2;
    await storage.create(parseRelease({ ...JSON.parse(marshalRelease(base)), version: 4, info: { status: "pending-upgrade" } }));
    expect((await storage.history("pruned")).map((r) => r.version)).toEqual([2, 4]);
    const helmHistory = JSON.parse(await helm(["history", "pruned", "-o", "json"]));
    expect(helmHistory.map((r: { revision: number }) => r.revision)).toEqual([2, 4]);
  });
});
