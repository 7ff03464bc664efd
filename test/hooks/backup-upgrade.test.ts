import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildHookPlan, lintHooks, splitHelmTemplateOutput, type HookPlan, type RenderedDocument } from "@/lib/hooks";
import { expectPlanMatchesHelm, planOrder } from "./compare";
import { helmDryRunInstall, helmTemplate, type StoredHook } from "./helm-oracle";

const CHART = path.join(import.meta.dirname, "charts", "backup-upgrade");

let documents: RenderedDocument[];
let stored: StoredHook[];
let plan: HookPlan;

beforeAll(async () => {
  const [rendered, release] = await Promise.all([helmTemplate("shop", CHART), helmDryRunInstall("shop", CHART)]);
  documents = splitHelmTemplateOutput(rendered);
  stored = release.hooks;
  plan = buildHookPlan(documents);
});

describe("backup-before-upgrade chart against helm v4.1.4", () => {
  it("plans every event in the order helm executes it, with the fields helm stores", () => {
    expectPlanMatchesHelm(plan, stored);
  });

  it("runs the database backup last in pre-upgrade, waits for it, and removes it only after success", () => {
    const preUpgrade = plan.events["pre-upgrade"];
    expect(preUpgrade.at(-1)).toMatchObject({
      kind: "Job",
      name: "shop-shop-db-backup",
      weight: 5,
      deletePolicies: ["hook-succeeded"],
      waited: true,
      onSuccess: "deleted (hook-succeeded)",
      onFailure: "retained",
      logsCopied: ["hook-failed"],
      source: "backup-upgrade/templates/hooks/backup-job.yaml",
    });
  });

  it("exercises hooks whose name order and kind order disagree, and notes them", () => {
    const preUpgrade = plan.events["pre-upgrade"];
    const moved = preUpgrade.filter((h) => h.orderNote).map((h) => `${h.kind}/${h.name}`);
    expect(moved.length).toBeGreaterThan(0);
    expect(preUpgrade.some((h) => h.position !== h.documentedPosition)).toBe(true);
    // The only ties of weight and name are broken by kind, the way helm's stored order does it.
    const freeze = preUpgrade.filter((h) => h.name === "shop-shop-announce-freeze").map((h) => h.kind);
    expect(freeze).toEqual(["ConfigMap", "Job"]);
  });

  it("does not depend on the order the renderer hands documents in", () => {
    expect(planOrder(buildHookPlan([...documents].reverse()))).toEqual(planOrder(plan));
  });

  it("lints the smoke test: it calls the Service without --wait and deletes its own failure evidence", () => {
    const findings = lintHooks(documents).map((f) => [f.rule, f.file]);
    // Findings come in line order: the hook annotation's value first, then the delete policy below it.
    expect(findings).toEqual([
      ["post-hook-without-wait", "backup-upgrade/templates/hooks/maintenance.yaml"],
      ["failure-evidence-deleted", "backup-upgrade/templates/hooks/maintenance.yaml"],
    ]);
    expect(lintHooks(documents, { wait: "watcher" }).map((f) => f.rule)).toEqual(["failure-evidence-deleted"]);
  });
});
