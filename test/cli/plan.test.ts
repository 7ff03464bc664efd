import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);
const chart = path.resolve("test/hooks/charts/backup-upgrade");

interface PlanJson {
  events: Record<string, Array<{ kind: string; name: string; weight: number; deletePolicies: string[]; waited: boolean; onSuccess: string; onFailure: string; source: string }>>;
  lint: Array<{ file: string; line: number; column: number; severity: string; message: string }>;
}

describe("hookline plan", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "hookline-plan-"));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it("lists each event's hooks in the order helm runs them: helm's stored hooks, stably sorted by weight then name", async () => {
    const { stdout } = await run("bin/hookline", ["plan", chart, "--name", "shop", "--is-upgrade", "-o", "json"]).catch((e: { stdout: string }) => e);
    const plan = JSON.parse(stdout) as PlanJson;

    const helm = await run(await helmBinary(), ["install", "shop", chart, "--dry-run=client", "-o", "json"], {
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: home, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home, KUBECONFIG: path.join(home, "none") },
      maxBuffer: 32 * 1024 * 1024,
    });
    const stored = (JSON.parse(helm.stdout) as { hooks: Array<{ kind: string; name: string; events: string[]; weight: number }> }).hooks;
    for (const event of ["pre-upgrade", "post-upgrade"]) {
      const expected = stored
        .filter((h) => h.events.includes(event))
        .map((h, i) => ({ h, i }))
        .sort((a, b) => a.h.weight - b.h.weight || (a.h.name < b.h.name ? -1 : a.h.name > b.h.name ? 1 : 0) || a.i - b.i)
        .map(({ h }) => `${h.kind}/${h.name}`);
      expect(plan.events[event].map((h) => `${h.kind}/${h.name}`), event).toEqual(expected);
    }
    const backup = plan.events["pre-upgrade"].find((h) => h.name === "shop-shop-db-backup")!;
    expect(backup).toMatchObject({ kind: "Job", weight: 5, deletePolicies: ["hook-succeeded"], waited: true, onSuccess: "deleted (hook-succeeded)", onFailure: "retained" });
    expect(backup.source).toBe("backup-upgrade/templates/hooks/backup-job.yaml");
  });

  it("prints a Markdown plan for pull-request reviews", async () => {
    const { stdout } = await run("bin/hookline", ["plan", chart, "--name", "shop", "-o", "markdown"]).catch((e: { stdout: string }) => e);
    expect(stdout).toMatch(/^#+ /m);
    expect(stdout).toContain("| ");
    expect(stdout).toContain("shop-shop-db-backup");
  });
});
