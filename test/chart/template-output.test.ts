/**
 * Output assembly on charts whose templates are plain text (so the rendered text is the source): the spec's
 * probe charts and edge cases written here, compared with the real helm's stdout and error texts.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assembleTemplateOutput, ChartError, loadChartDirectory, parseRenderedFile, prepareRender, sortRenderedFiles, splitManifests } from "@/lib/chart/node";
import { helmErrorMessage, removeTree, runHelm, writeTree } from "./helpers";

const PROBE_CHARTS = path.resolve(process.cwd(), "../shared/spec/probe-charts");

/** Templates without actions render to themselves; that is all the engine would do for these charts. */
async function staticRender(dir: string, flags: { showOnly?: string[]; includeCrds?: boolean; skipTests?: boolean; disableHooks?: boolean } = {}) {
  const chart = await loadChartDirectory(dir);
  const prepared = prepareRender(chart, { release: { name: "rel", namespace: "ns1" } });
  const rendered = new Map<string, string>();
  for (const t of prepared.inputs.templates) {
    if (t.source.includes("{{") && !t.name.endsWith("NOTES.txt") && !path.basename(t.name).startsWith("_")) {
      throw new Error(`${t.name} is not static`);
    }
    rendered.set(t.name, t.source);
  }
  return assembleTemplateOutput(rendered, prepared.chart, flags);
}

function helmArgs(dir: string, flags: { showOnly?: string[]; includeCrds?: boolean; skipTests?: boolean; disableHooks?: boolean }): string[] {
  const args = ["template", "rel", dir, "--namespace", "ns1"];
  for (const s of flags.showOnly ?? []) args.push("--show-only", s);
  if (flags.includeCrds) args.push("--include-crds");
  if (flags.skipTests) args.push("--skip-tests");
  if (flags.disableHooks) args.push("--no-hooks");
  return args;
}

async function expectSameAsHelm(dir: string, flags: Parameters<typeof staticRender>[1] = {}): Promise<void> {
  const helm = await runHelm(helmArgs(dir, flags));
  if (helm.code !== 0) {
    const error = await staticRender(dir, flags).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChartError);
    expect((error as ChartError).message).toBe(helmErrorMessage(helm.stderr));
    return;
  }
  expect(await staticRender(dir, flags)).toBe(helm.stdout);
}

const EDGE_CHART: Record<string, string> = {
  "Chart.yaml": "apiVersion: v2\nname: edge\nversion: 0.1.0\n",
  "crds/widgets.yaml": "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n",
  "crds/notes.txt": "not a manifest extension\n",
  "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
  "charts/sub/crds/gadget.json": '{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.com"}}\n',
  "charts/sub/templates/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: sub\n",
  "templates/a.yaml":
    "---\n# leading comment\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\n---   \n\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s1\n",
  "templates/b.yaml": "apiVersion: example.com/v1\nkind: Apple\nmetadata:\n  name: a1\n--- # trailing comment after separator\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d1\n",
  "templates/c.txt": "# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n1\n",
  "templates/d.yaml":
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: hook-b\n  annotations:\n    helm.sh/hook: post-install, PRE-INSTALL\n    helm.sh/hook-weight: \"-5\"\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: t1\n  annotations:\n    helm.sh/hook: test-success\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: dropped\n  annotations:\n    helm.sh/hook: pre-install,bogus\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hook-a\n  annotations:\n    helm.sh/hook: pre-install\n",
  "templates/_partial.yaml": "this: is skipped\n",
  "templates/blank.yaml": "   \n\n",
  "templates/MYNOTES.txt": "notes are removed by suffix\n",
  "templates/NOTES.txt": "release notes\n",
  "templates/e.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\n---apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: glued\n",
};

describe("helm template output assembly against helm", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await removeTree(d);
  });

  const probesPresent = existsSync(PROBE_CHARTS);
  it.skipIf(!probesPresent).each(["hk", "sp", "w", "dup"])(probesPresent ? "probe chart %s" : "skipped: corpus not found (probe chart %s)", async (name) => {
    await expectSameAsHelm(path.join(PROBE_CHARTS, name));
  });

  const flagCases: Array<[string, Parameters<typeof staticRender>[1]]> = [
    ["defaults", {}],
    ["--include-crds", { includeCrds: true }],
    ["--skip-tests", { skipTests: true }],
    ["--no-hooks", { disableHooks: true }],
    ["--show-only one file", { showOnly: ["templates/d.yaml"] }],
    ["--show-only glob and subchart", { showOnly: ["templates/*.yaml", "charts/sub/templates/svc.yaml"] }],
    ["--show-only missing template", { showOnly: ["templates/nope.yaml"] }],
    ["--show-only a partial", { showOnly: ["templates/_partial.yaml"] }],
  ];
  it.each(flagCases)("edge chart with %s", async (_label, flags) => {
    const dir = await writeTree(EDGE_CHART);
    dirs.push(dir);
    await expectSameAsHelm(dir, flags);
  });

  const invalidDocuments: Array<[string, string]> = [
    ["a scalar document", "apiVersion: v1\nkind: ConfigMap\n---\njust a string\n"],
    ["metadata that is not a table", "kind: ConfigMap\nmetadata: foo\n"],
    ["annotations that are a list", "kind: ConfigMap\nmetadata:\n  annotations: [a]\n"],
    ["an annotation value that is a table", "kind: ConfigMap\nmetadata:\n  annotations:\n    a: {b: c}\n"],
    ["kind that is a list", "kind: [a]\n"],
    ["broken YAML syntax", "kind: ConfigMap\n---\nx: [\n"],
    ["a tab-indented mapping", "kind: ConfigMap\nmetadata:\n\tname: x\n"],
  ];
  it.each(invalidDocuments)("YAML error text for %s", async (_label, text) => {
    const dir = await writeTree({ "Chart.yaml": "apiVersion: v2\nname: bad\nversion: 0.1.0\n", "templates/x.yaml": text });
    dirs.push(dir);
    await expectSameAsHelm(dir);
  });

  const endCases: Array<[string, Record<string, string>]> = [
    ["only CRDs, the last ending in blank lines", { "crds/a.yaml": "kind: CustomResourceDefinition\nmetadata:\n  name: a\n", "crds/b.yaml": "kind: CustomResourceDefinition\nmetadata:\n  name: b\n\n  \n\n" }],
    ["only hooks", { "templates/h.yaml": "kind: Job\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n" }],
    ["a CRD then one manifest", { "crds/a.yaml": "\n\nkind: CustomResourceDefinition\n", "templates/x.yaml": "kind: ConfigMap\n" }],
  ];
  it.each(endCases)("trims the ends of the output like helm with --include-crds: %s", async (_label, files) => {
    const dir = await writeTree({ "Chart.yaml": "apiVersion: v2\nname: ends\nversion: 0.1.0\n", ...files });
    dirs.push(dir);
    await expectSameAsHelm(dir, { includeCrds: true });
  });

  it("keeps scalar kinds, names and annotation values as strings, as sigs.k8s.io/yaml does", async () => {
    const dir = await writeTree({
      "Chart.yaml": "apiVersion: v2\nname: scalars\nversion: 0.1.0\n",
      "templates/x.yaml": "kind: 5\nmetadata:\n  name: 7\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n",
    });
    dirs.push(dir);
    await expectSameAsHelm(dir);
    const [doc] = parseRenderedFile("scalars/templates/x.yaml", "kind: 5\nmetadata:\n  name: 7\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n");
    expect(doc.head.kind).toBe("5");
    expect(doc.head.metadata?.name).toBe("7");
    expect(doc.hook).toEqual({ events: ["pre-install"], weight: 5, deletePolicies: [], outputLogPolicies: [] });
  });
});

describe("document splitting and classification", () => {
  it("follows the old splitter's quirks", () => {
    expect(splitManifests("a: 1\n---\n---\nb: 2")).toEqual(["a: 1", "---\nb: 2"]);
    expect(splitManifests("---\na: 1\n--- # c\nb: 2")).toEqual(["a: 1", "# c\nb: 2"]);
    expect(splitManifests("x: |\n  ---\n  y\n")).toEqual(["x: |\n  ---\n  y"]);
    expect(splitManifests("  \n")).toEqual([]);
  });

  it("reads hook weights and policies like helm", () => {
    const doc = (annotations: string) =>
      parseRenderedFile("c/templates/h.yaml", `kind: Job\nmetadata:\n  name: h\n  annotations:\n${annotations}`)[0]?.hook ?? null;
    expect(doc('    helm.sh/hook: pre-install\n    helm.sh/hook-weight: " 5"\n')?.weight).toBe(0);
    expect(doc('    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "+5"\n')?.weight).toBe(5);
    expect(doc('    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "99999999999999999999"\n')?.weight).toBe(0);
    expect(doc('    helm.sh/hook: pre-install\n    helm.sh/hook-delete-policy: ""\n')?.deletePolicies).toEqual([""]);
    expect(doc("    helm.sh/hook: Pre-Install , test-success\n")?.events).toEqual(["pre-install", "test"]);
    expect(doc('    helm.sh/hook: ""\n')).toBeNull();
  });

  it("parses a file rendered again to the same text into equal documents the caller may change, and a changed text afresh", () => {
    const path = "again/templates/x.yaml";
    const text = (name: string) =>
      `kind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install\n---\nkind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: bogus\n---\nkind: ConfigMap\n`;
    const expected = (name: string) => [
      {
        path,
        content: `kind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    helm.sh/hook: pre-install`,
        head: { apiVersion: "", kind: "Job", metadata: { name, annotations: { "helm.sh/hook": "pre-install" } } },
        namespace: "",
        hook: { events: ["pre-install"], weight: 0, deletePolicies: [], outputLogPolicies: [] },
      },
      { path, content: "kind: ConfigMap", head: { apiVersion: "", kind: "ConfigMap", metadata: null }, namespace: "", hook: null },
    ];
    const first = parseRenderedFile(path, text("j"));
    expect(first).toEqual(expected("j"));
    first[0].head.kind = "Changed";
    const annotations = first[0].head.metadata?.annotations;
    if (annotations) annotations.extra = "x";
    first[0].hook?.events.push("post-install");
    // Another string with the same text, as a second render produces.
    expect(parseRenderedFile(path, text("j").split("").join(""))).toEqual(expected("j"));
    expect(parseRenderedFile(path, text("k"))).toEqual(expected("k"));
    expect(() => parseRenderedFile(path, "kind: [\n")).toThrow(ChartError);
    expect(parseRenderedFile(path, text("j"))).toEqual(expected("j"));
  });

  it("sorts unknown kinds after known ones, byte-wise, and keeps file order for equal kinds", () => {
    const rendered = new Map([
      ["c/templates/b.yaml", "kind: widget\n---\nkind: Service\n---\nkind: Apple"],
      ["c/templates/a.yaml", "kind: Widget\n---\nkind: Service\n---\n# just a comment"],
    ]);
    const sorted = sortRenderedFiles(rendered, "c");
    expect(sorted.manifests.map((m) => `${m.path.slice(12)}:${m.head.kind}`)).toEqual([
      "a.yaml:Service",
      "b.yaml:Service",
      "a.yaml:",
      "b.yaml:Apple",
      "a.yaml:Widget",
      "b.yaml:widget",
    ]);
  });
});
