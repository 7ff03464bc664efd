/** The Releases page's data: one row per release (its highest revision), sorted, paged on the server. */
import { describe, expect, it } from "vitest";
import { listReleases } from "@/app/_server/releases";
import { MemoryReleaseDriver, ReleaseStorage, parseRelease, type ReleaseStatus } from "@/lib/release";

function record(namespace: string, name: string, version: number, status: ReleaseStatus) {
  return parseRelease({
    name,
    namespace,
    version,
    info: { status, description: `rev ${version}`, last_deployed: `2026-11-24T05:00:0${version}Z` },
    chart: { metadata: { name: "web", version: "1.2.3", appVersion: "4.5" } },
    manifest: "",
    config: {},
  });
}

async function storeWith(records: ReturnType<typeof record>[]): Promise<ReleaseStorage> {
  const driver = new MemoryReleaseDriver({ namespace: "" });
  for (const r of records) {
    await new ReleaseStorage(new MemoryReleaseDriver({ namespace: r.namespace, records: driver.records })).create(r);
  }
  return new ReleaseStorage(driver);
}

describe("listReleases", () => {
  it("shows each release once, at its highest revision, with its status, chart and app version", async () => {
    const store = await storeWith([
      record("apps", "web", 1, "superseded"),
      record("apps", "web", 2, "superseded"),
      record("apps", "web", 3, "pending-upgrade"),
      record("apps", "api", 1, "uninstalling"),
      record("base", "db", 1, "failed"),
    ]);
    const page = await listReleases(store, 1, 20);
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.namespace, r.name, r.revision, r.status, `${r.chart}-${r.chartVersion}`, r.appVersion])).toEqual([
      ["apps", "api", 1, "uninstalling", "web-1.2.3", "4.5"],
      ["apps", "web", 3, "pending-upgrade", "web-1.2.3", "4.5"],
      ["base", "db", 1, "failed", "web-1.2.3", "4.5"],
    ]);
  });

  it("returns only the asked page, and clamps a page past the end to the last one", async () => {
    const names = Array.from({ length: 45 }, (_, i) => `r${String(i).padStart(2, "0")}`);
    const store = await storeWith(names.map((n) => record("apps", n, 1, "deployed")));
    const second = await listReleases(store, 2, 20);
    expect(second).toMatchObject({ total: 45, page: 2, pageSize: 20 });
    expect(second.rows.map((r) => r.name)).toEqual(names.slice(20, 40));
    const beyond = await listReleases(store, 99, 20);
    expect(beyond.page).toBe(3);
    expect(beyond.rows.map((r) => r.name)).toEqual(names.slice(40));
    expect((await listReleases(store, 0, 20)).page).toBe(1);
  });
});
