// Importing a deployed release's chart (lib/workspace/release-chart): the stored chart becomes files that load
// and render like the original.
import { describe, expect, it } from "vitest";
import { loadChartFromFileMap } from "@/lib/chart";
import { releaseChartFiles, ReleaseChartError } from "@/lib/workspace/release-chart";
import { buildFileTree, isEditableText } from "@/lib/workspace/file-tree";
import { renderPreview } from "@/lib/workspace/preview";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("releaseChartFiles", () => {
  it("rebuilds Chart.yaml, values.yaml, the schema, templates and files from release.chart", async () => {
    const files = releaseChartFiles({
      metadata: { name: "hello", version: "0.3.1", apiVersion: "v2", appVersion: "1.4.0", sources: null, keywords: null, description: "" } as never,
      lock: null,
      templates: [{ name: "templates/cm.yaml", data: b64("kind: ConfigMap\ndata:\n  greeting: {{ .Values.greeting }}\n"), modtime: null } as never],
      values: { greeting: "hi" },
      schema: b64('{"type":"object"}'),
      schemamodtime: null as never,
      files: [{ name: "README.md", data: b64("# hello\n"), modtime: null } as never, { name: "../escape", data: b64("x"), modtime: null } as never],
      modtime: null as never,
    });
    expect(Object.keys(files).sort()).toEqual(["Chart.yaml", "README.md", "templates/cm.yaml", "values.schema.json", "values.yaml"]);
    expect(new TextDecoder().decode(files["Chart.yaml"])).toBe("apiVersion: v2\nname: hello\nversion: 0.3.1\nappVersion: 1.4.0\n");
    const chart = await loadChartFromFileMap(files);
    expect(chart.metadata.Name).toBe("hello");
    const text = Object.fromEntries(Object.entries(files).map(([p, b]) => [p, new TextDecoder().decode(b)]));
    const preview = await renderPreview({ files: text });
    expect(preview.manifests[0].text).toContain("greeting: hi");
  });

  it("refuses a release without a chart", () => {
    expect(() => releaseChartFiles(null)).toThrow(ReleaseChartError);
  });
});

describe("file tree", () => {
  it("puts folders first and files by name", () => {
    const tree = buildFileTree(["values.yaml", "templates/b.yaml", "Chart.yaml", "templates/a.yaml", "templates/tests/t.yaml"]);
    expect(tree.map((n) => n.name)).toEqual(["templates", "Chart.yaml", "values.yaml"]);
    const templates = tree[0];
    expect(templates.kind === "folder" && templates.children.map((n) => n.path)).toEqual(["templates/tests", "templates/a.yaml", "templates/b.yaml"]);
  });

  it("tells text from binary files", () => {
    expect(isEditableText(new TextEncoder().encode("name: x\n"))).toBe(true);
    expect(isEditableText(new Uint8Array([0x1f, 0x8b, 0x08, 0x00]))).toBe(false);
    expect(isEditableText(new Uint8Array([0xff, 0xfe, 0x41]))).toBe(false);
  });
});
