/**
 * Rendering a loaded chart again in the same process (the editor's preview, a plan then an install) gives each
 * render its own values and chart data: what one render's templates change is never seen by the next, and an
 * edited chart (loaded anew) renders its new text.
 */
import { describe, expect, it } from "vitest";
import { loadChartFromFileMap } from "@/lib/chart";
import { renderChart } from "@/lib/render/render-chart";

const FILES: Record<string, string> = {
  "Chart.yaml": "apiVersion: v2\nname: again\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n",
  "values.yaml": "nested:\n  x: original\nlist: [a]\nsub:\n  fromParent: p\n",
  "templates/cm.yaml": [
    "{{- $_ := set .Values \"counter\" (add1 (default 0 .Values.counter)) }}",
    "{{- $_ := set .Values.nested \"x\" (printf \"%s-mutated\" .Values.nested.x) }}",
    "{{- $_ := set .Values.sub \"fromParent\" \"changed by parent\" }}",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: cm",
    "data:",
    "  counter: {{ .Values.counter | quote }}",
    "  nested: {{ .Values.nested.x | quote }}",
    "  list: {{ append .Values.list \"b\" | join \",\" | quote }}",
    "",
  ].join("\n"),
  "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
  "charts/sub/values.yaml": "own: o\n",
  "charts/sub/templates/cm.yaml":
    '{{- $_ := set .Values "own" (printf "%s+" .Values.own) }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\ndata:\n  own: {{ .Values.own | quote }}\n  fromParent: {{ .Values.fromParent | quote }}\n',
};

const render = (chart: Awaited<ReturnType<typeof loadChartFromFileMap>>, set: string[] = []) =>
  renderChart(chart, { release: { name: "r" }, values: { set } }).output;

describe("rendering the same chart again", () => {
  it("never sees what an earlier render's templates did to .Values", async () => {
    const chart = await loadChartFromFileMap(FILES);
    const first = render(chart);
    expect(first).toContain('counter: "1"');
    expect(first).toContain('nested: "original-mutated"');
    expect(first).toContain('list: "a,b"');
    expect(first).toContain('own: "o+"');
    for (let i = 0; i < 3; i++) expect(render(chart)).toBe(first);
  });

  it("follows other values and an edited chart", async () => {
    const chart = await loadChartFromFileMap(FILES);
    const first = render(chart);
    expect(render(chart, ["nested.x=user"])).toContain('nested: "user-mutated"');
    expect(render(chart)).toBe(first);
    const edited = await loadChartFromFileMap({ ...FILES, "charts/sub/templates/cm.yaml": FILES["charts/sub/templates/cm.yaml"].replace("name: sub", "name: sub-edited") });
    expect(render(edited)).toContain("name: sub-edited");
    expect(render(chart)).toBe(first);
  });
});
