/** ReleaseStorage over each driver: history queries, helm's label rules and max-history pruning. */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  MemoryReleaseDriver,
  NoDeployedReleasesError,
  ReleaseExistsError,
  ReleaseNotFoundError,
  ReleaseStorage,
  createConfigMapsDriver,
  createSecretsDriver,
  parseRelease,
  type ReleaseDriver,
  type ReleaseStatus,
} from "@/lib/release";
import { RecordingObjectClient } from "./helpers/recording-object-client";

const T0 = new Date("2026-11-24T05:00:00Z");
const clock = () => T0;

function rev(version: number, status: ReleaseStatus, name = "web", labels: Record<string, string> = {}) {
  return parseRelease({
    name,
    namespace: "apps",
    version,
    info: { status, description: `rev ${version}`, first_deployed: "2026-11-24T05:00:00.5Z" },
    manifest: `---\n# Source: web/templates/cm.yaml\nrev: ${version}\n`,
    config: { n: version },
    labels,
  });
}

const drivers: Array<[string, () => { driver: ReleaseDriver; client?: RecordingObjectClient }]> = [
  ["memory", () => ({ driver: new MemoryReleaseDriver({ namespace: "apps", now: clock }) })],
  [
    "secrets",
    () => {
      const client = new RecordingObjectClient();
      return { driver: createSecretsDriver(client, { namespace: "apps", now: clock }), client };
    },
  ],
  [
    "configmaps",
    () => {
      const client = new RecordingObjectClient();
      return { driver: createConfigMapsDriver(client, { namespace: "apps", now: clock }), client };
    },
  ],
];

describe.each(drivers)("ReleaseStorage with the %s driver", (_label, make) => {
  it("stores revisions and answers get/history/last/deployed", async () => {
    const storage = new ReleaseStorage(make().driver);
    for (const [v, s] of [[1, "superseded"], [2, "deployed"], [3, "failed"], [10, "pending-upgrade"]] as const) {
      await storage.create(rev(v, s));
    }
    await storage.create(rev(1, "deployed", "other"));

    expect((await storage.get("web", 2)).info.status).toBe("deployed");
    expect((await storage.history("web")).map((r) => r.version)).toEqual([1, 2, 3, 10]);
    expect((await storage.last("web")).version).toBe(10);
    expect((await storage.deployed("web")).version).toBe(2);
    expect((await storage.list()).length).toBe(5);
    expect((await storage.list((r) => r.name === "other")).map((r) => r.version)).toEqual([1]);
    await expect(storage.get("web", 4)).rejects.toBeInstanceOf(ReleaseNotFoundError);
    await expect(storage.history("nope")).rejects.toBeInstanceOf(ReleaseNotFoundError);
  });

  it("refuses to create an existing revision and reports missing deployed revisions like helm", async () => {
    const storage = new ReleaseStorage(make().driver);
    await storage.create(rev(1, "failed"));
    await expect(storage.create(rev(1, "failed"))).rejects.toBeInstanceOf(ReleaseExistsError);
    const err = await storage.deployed("web").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoDeployedReleasesError);
    expect((err as Error).message).toBe('"web" has no deployed releases');
  });

  it("update overwrites and delete returns the removed record", async () => {
    const storage = new ReleaseStorage(make().driver);
    const r = rev(1, "pending-install");
    await storage.create(r);
    r.info.status = "deployed";
    await storage.update(r);
    expect((await storage.get("web", 1)).info.status).toBe("deployed");
    expect((await storage.history("web"))[0]!.labels.status).toBe("deployed");
    const removed = await storage.delete("web", 1);
    expect(removed.version).toBe(1);
    await expect(storage.delete("web", 1)).rejects.toBeInstanceOf(ReleaseNotFoundError);
  });

  it("labels: get strips system labels, history keeps them; update drops createdAt unless carried", async () => {
    const storage = new ReleaseStorage(make().driver);
    await storage.create(rev(1, "pending-install", "web", { team: "a" }));
    const viaGet = await storage.get("web", 1);
    expect(viaGet.labels).toEqual({ team: "a" });
    const viaHistory = (await storage.history("web"))[0]!;
    const created = String(Math.floor(T0.getTime() / 1000));
    expect(viaHistory.labels).toEqual({
      team: "a",
      name: "web",
      owner: "helm",
      status: "pending-install",
      version: "1",
      createdAt: created,
    });

    viaGet.info.status = "deployed";
    await storage.update(viaGet);
    expect((await storage.history("web"))[0]!.labels).toEqual({
      team: "a",
      name: "web",
      owner: "helm",
      status: "deployed",
      version: "1",
      modifiedAt: created,
    });
  });

  it("prunes the oldest revisions on create but never the latest deployed one", async () => {
    const storage = new ReleaseStorage(make().driver);
    await storage.create(rev(1, "superseded"));
    await storage.create(rev(2, "deployed"));
    await storage.create(rev(3, "failed"));
    await storage.create(rev(4, "failed"));
    storage.maxHistory = 2;
    await storage.create(rev(5, "pending-upgrade"));
    expect((await storage.history("web")).map((r) => r.version)).toEqual([2, 5]);

    storage.maxHistory = 0;
    await storage.create(rev(6, "failed"));
    expect((await storage.history("web")).map((r) => r.version)).toEqual([2, 5, 6]);
  });
});

describe("Secrets driver object layout", () => {
  it("writes sh.helm.release.v1.<name>.v<rev> Secrets of type helm.sh/release.v1, data base64(base64(gzip(json)))", async () => {
    const client = new RecordingObjectClient();
    const storage = new ReleaseStorage(createSecretsDriver(client, { namespace: "apps", now: clock }));
    await storage.create(rev(1, "deployed"));
    const secret = client.objects.get("Secret/apps/sh.helm.release.v1.web.v1")!;
    expect(secret.type).toBe("helm.sh/release.v1");
    expect(secret.metadata.labels).toMatchObject({ name: "web", owner: "helm", status: "deployed", version: "1" });
    const json = JSON.parse(
      gunzipSync(Buffer.from(Buffer.from(secret.data!.release!, "base64").toString("utf8"), "base64")).toString("utf8"),
    );
    expect(json).toMatchObject({ name: "web", version: 1, namespace: "apps", info: { status: "deployed" } });
  });

  it("queries with server-side label selectors, as helm does", async () => {
    const client = new RecordingObjectClient();
    const storage = new ReleaseStorage(createSecretsDriver(client, { namespace: "apps", now: clock }));
    await storage.create(rev(1, "deployed"));
    client.calls.length = 0;
    await storage.history("web");
    await storage.deployed("web");
    await storage.list();
    expect(client.calls).toEqual([
      "LIST Secret apps name=web,owner=helm",
      "LIST Secret apps name=web,owner=helm,status=deployed",
      "LIST Secret apps owner=helm",
    ]);
  });

  it("skips records it cannot decode instead of failing the whole list", async () => {
    const client = new RecordingObjectClient();
    const skipped: string[] = [];
    const driver = createSecretsDriver(client, { namespace: "apps", now: clock, onUndecodable: (n) => skipped.push(n) });
    const storage = new ReleaseStorage(driver);
    await storage.create(rev(1, "deployed"));
    client.objects.set("Secret/apps/sh.helm.release.v1.web.v2", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "sh.helm.release.v1.web.v2", namespace: "apps", labels: { name: "web", owner: "helm" } },
      data: { release: Buffer.from("not a release").toString("base64") },
    });
    expect((await storage.history("web")).map((r) => r.version)).toEqual([1]);
    expect(skipped).toEqual(["sh.helm.release.v1.web.v2"]);
  });

  it("ConfigMaps keep the encoded string without a second base64", async () => {
    const client = new RecordingObjectClient();
    const storage = new ReleaseStorage(createConfigMapsDriver(client, { namespace: "apps", now: clock }));
    await storage.create(rev(1, "deployed"));
    const cm = client.objects.get("ConfigMap/apps/sh.helm.release.v1.web.v1")!;
    expect(cm.type).toBeUndefined();
    const json = JSON.parse(gunzipSync(Buffer.from(cm.data!.release!, "base64")).toString("utf8"));
    expect(json.name).toBe("web");
  });
});

describe("driver selection by HELM_DRIVER name", () => {
  it("maps helm's names to drivers and rejects unknown ones with helm's message", async () => {
    const { createReleaseDriver } = await import("@/lib/release");
    const client = new RecordingObjectClient();
    expect(createReleaseDriver({ namespace: "a", client }).name).toBe("Secret");
    expect(createReleaseDriver({ driver: "secrets", namespace: "a", client }).name).toBe("Secret");
    expect(createReleaseDriver({ driver: "configmap", namespace: "a", client }).name).toBe("ConfigMap");
    expect(createReleaseDriver({ driver: "memory", namespace: "a" }).name).toBe("Memory");
    expect(() => createReleaseDriver({ driver: "sql", namespace: "a" })).toThrow('unknown driver "sql"');
  });
});
