import { describe, expect, it } from "vitest";
import { buildHookPlan, formatPlan, lintHooks, type RenderedDocument } from "@/lib/hooks";
import { doc } from "./fixtures";

function hook(kind: string, name: string, weight: string, extra: string[] = [], apiVersion = "v1"): RenderedDocument {
  return doc(
    "chart/templates/x.yaml",
    [`apiVersion: ${apiVersion}`, `kind: ${kind}`, "metadata:", `  name: ${name}`, "  annotations:", "    helm.sh/hook: pre-upgrade", `    helm.sh/hook-weight: "${weight}"`, ...extra].join("\n"),
  );
}

const docs = [
  hook("Job", "backup", "5", ["    helm.sh/hook-delete-policy: hook-succeeded", "spec:", "  backoffLimit: 1", "  template:", "    spec:", "      restartPolicy: Never"], "batch/v1"),
  hook("ServiceAccount", "zz-runner", "0"),
  hook("ConfigMap", "aa-script", "0", ["    helm.sh/hook-delete-policy: hook-succeded"]),
];
const plan = buildHookPlan(docs);
const lint = lintHooks(docs);

describe("JSON", () => {
  it("has every event, each in execution order, with the documented fields, and the lint", () => {
    const json = JSON.parse(formatPlan(plan, "json", lint));
    expect(Object.keys(json.events)).toEqual(["pre-install", "post-install", "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "pre-delete", "post-delete", "test"]);
    expect(json.events["pre-install"]).toEqual([]);
    expect(json.events["pre-upgrade"].map((h: { name: string }) => h.name)).toEqual(["aa-script", "zz-runner", "backup"]);
    expect(json.events["pre-upgrade"][2]).toMatchObject({
      kind: "Job",
      name: "backup",
      weight: 5,
      deletePolicies: ["hook-succeeded"],
      waited: true,
      onSuccess: "deleted (hook-succeeded)",
      onFailure: "retained",
      source: "chart/templates/x.yaml",
    });
    expect(json.events["pre-upgrade"][0].orderNote).toMatch(/before ServiceAccount\/zz-runner/);
    expect(json.lint).toEqual([
      { file: "chart/templates/x.yaml", line: 8, column: 33, severity: "warning", message: expect.stringContaining('"hook-succeded"'), rule: "unknown-delete-policy" },
    ]);
  });

  it("is the same for the same input", () => {
    expect(formatPlan(buildHookPlan([...docs]), "json", lintHooks([...docs]))).toBe(formatPlan(plan, "json", lint));
  });
});

describe("text", () => {
  it("lists only used events, hooks numbered in execution order, with notes and lint", () => {
    const text = formatPlan(plan, "text", lint);
    expect(text.split("\n")[0]).toBe("pre-upgrade (3 hooks)");
    const numbered = text.split("\n").filter((line) => /^ {2}\d\. /.test(line));
    expect(numbered).toEqual(["  1. ConfigMap/aa-script  weight 0", "  2. ServiceAccount/zz-runner  weight 0", "  3. Job/backup  weight 5"]);
    expect(text).toContain("     note: runs before ServiceAccount/zz-runner");
    expect(text).toContain("chart/templates/x.yaml:8:33 warning [unknown-delete-policy]");
  });

  it("says so when there are no hooks", () => {
    expect(formatPlan(buildHookPlan([]), "text")).toBe("No hooks.\n");
  });
});

describe("Markdown", () => {
  it("renders one table per used event with a row per hook, order notes as quotes", () => {
    const md = formatPlan(plan, "markdown", lint);
    expect(md).toMatch(/^### Hook plan\n\n#### `pre-upgrade`\n\n\| # \| Hook \|/);
    const rows = md.split("\n").filter((line) => /^\| \d /.test(line));
    expect(rows[2]).toBe(
      "| 3 | `Job/backup` | 5 | yes | deleted (hook-succeeded) | retained | `hook-succeeded` | `chart/templates/x.yaml:6` |",
    );
    expect(rows).toHaveLength(3);
    expect(md).toContain("> **Order (1):** ConfigMap/aa-script runs before ServiceAccount/zz-runner");
    expect(md).toContain("#### Lint");
  });

  it("escapes chart-controlled text so it cannot break the table or add markup", () => {
    const sneaky = [hook("ConfigMap", "a", "0", ["    helm.sh/hook-delete-policy: \"x|y*`z`\""])];
    const md = formatPlan(buildHookPlan(sneaky), "markdown", lintHooks(sneaky));
    const row = md.split("\n").find((line) => line.startsWith("| 1 "))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(10);
    expect(row).toContain("`` x\\|y*`z` ``");
    const lintLine = md.split("\n").find((line) => line.startsWith("- "))!;
    expect(lintLine).toContain("x\\|y\\*\\`z\\`");
  });
});

describe("reviewHooks", () => {
  it("gives the same plan and lint as the separate calls", async () => {
    const { reviewHooks } = await import("@/lib/hooks");
    const review = reviewHooks(docs, { namespace: "shop" });
    expect(review.plan).toEqual(buildHookPlan(docs, { namespace: "shop" }));
    expect(review.lint).toEqual(lintHooks(docs, { namespace: "shop" }));
    expect(review.plan.events["pre-upgrade"][0]!.namespace).toBe("shop");
  });
});
