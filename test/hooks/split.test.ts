import { describe, expect, it } from "vitest";
import { buildHookPlan, lintHooks, splitHelmTemplateOutput, splitRenderedFile } from "@/lib/hooks";

describe("splitting rendered files like Helm 4.1", () => {
  it("splits on --- at line starts and trims documents", () => {
    const text = "\n\na: 1\n---\nb: 2\n---\n\n  c: 3  \n";
    expect(splitRenderedFile("c/templates/x.yaml", text)).toEqual([
      { source: "c/templates/x.yaml", text: "a: 1", startLine: 3 },
      { source: "c/templates/x.yaml", text: "b: 2", startLine: 5 },
      { source: "c/templates/x.yaml", text: "c: 3", startLine: 8 },
    ]);
  });

  it("keeps a second --- right after a first one, because the first swallowed the newline (as helm v4.1.4 does)", () => {
    const docs = splitRenderedFile("c/t/x.yaml", "\n\nkind: A\n---\nkind: B\n---   \n\n---\n  kind: C  \n");
    expect(docs.map((d) => d.text)).toEqual(["kind: A", "kind: B", "---\n  kind: C"]);
  });

  it("swallows text glued to --- and leaves a comment after --- in the next document", () => {
    const docs = splitRenderedFile("c/t/x.yaml", "a: 1\n---apiVersion: v1\n--- # note\nb: 2");
    expect(docs.map((d) => d.text)).toEqual(["a: 1", "apiVersion: v1", "# note\nb: 2"]);
  });

  it("never splits on an indented --- inside a block scalar", () => {
    const docs = splitRenderedFile("c/t/x.yaml", "data:\n  s: |\n    ---\n    x\n");
    expect(docs).toHaveLength(1);
  });
});

describe("reading helm template output", () => {
  it("assigns each document to its # Source: template and numbers lines within the output", () => {
    const output = "---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/charts/sub/templates/b.yaml\nkind: B\nx: 1\n";
    expect(splitHelmTemplateOutput(output)).toEqual([
      { source: "c/templates/a.yaml", text: "kind: A", startLine: 3 },
      { source: "c/charts/sub/templates/b.yaml", text: "kind: B\nx: 1", startLine: 6 },
    ]);
  });
});

describe("a whole helm template output as input", () => {
  it("plans and lints the same as its split documents", () => {
    const output = "---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: \" 1\"\n";
    expect(buildHookPlan(output)).toEqual(buildHookPlan(splitHelmTemplateOutput(output)));
    expect(buildHookPlan(output).events["pre-install"].map((h) => [h.name, h.line])).toEqual([["x", 8]]);
    expect(lintHooks(output).map((f) => [f.rule, f.file, f.line])).toEqual([["invalid-hook-weight", "c/templates/a.yaml", 9]]);
  });
});
