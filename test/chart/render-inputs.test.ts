/**
 * The engine's per-chart inputs: which templates exist under which names, and the data behind `.Template`,
 * `.Chart`, `.Release` and `.Subcharts` for each chart, compared with what helm shows templates.
 */
import { afterAll, describe, expect, it } from "vitest";
import { loadChartDirectory, prepareRender } from "@/lib/chart/node";
import { removeTree, runHelm, writeTree } from "./helpers";

// A comment line, so helm accepts the rendered document.
const PROBE =
  '# {{ .Template.Name }}|{{ .Template.BasePath }}|{{ .Chart.Name }}|{{ .Chart.IsRoot }}|{{ keys .Subcharts | sortAlpha | join "," }}|' +
  "{{ .Release.Name }}|{{ .Release.Namespace }}|{{ .Release.IsInstall }}|{{ .Release.IsUpgrade }}|{{ .Release.Revision }}|{{ .Values.who }}\n";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeTree(d);
});

describe("render inputs", () => {
  it("names templates and fills .Template, .Chart, .Release and .Subcharts as helm does", async () => {
    const dir = await writeTree({
      "Chart.yaml": "apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n- name: app\n  version: 1.0.0\n  alias: front\n- name: app\n  version: 1.0.0\n  alias: back\n- name: helpers\n  version: 1.0.0\n",
      "values.yaml": "who: top\nfront: {who: front}\nback: {who: back}\n",
      "templates/probe.yaml": PROBE,
      "templates/_local.tpl": '{{ define "local" }}x{{ end }}',
      "charts/app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
      "charts/app/templates/probe.yaml": PROBE,
      "charts/app/charts/leaf/Chart.yaml": "apiVersion: v2\nname: leaf\nversion: 1.0.0\n",
      "charts/app/charts/leaf/values.yaml": "who: leaf\n",
      "charts/app/charts/leaf/templates/probe.yaml": PROBE,
      "charts/helpers/Chart.yaml": "apiVersion: v2\nname: helpers\nversion: 1.0.0\ntype: library\n",
      "charts/helpers/templates/_lib.tpl": '{{ define "lib" }}y{{ end }}',
      "charts/helpers/templates/ignored.yaml": "library charts render no files\n",
    });
    dirs.push(dir);
    const helm = await runHelm(["template", "rel", dir, "--namespace", "ns1", "--is-upgrade"]);
    expect(helm.code).toBe(0);
    const prepared = prepareRender(await loadChartDirectory(dir), { release: { name: "rel", namespace: "ns1", isUpgrade: true } });

    expect(prepared.inputs.templates.map((t) => t.name).sort()).toEqual([
      "top/charts/back/charts/leaf/templates/probe.yaml",
      "top/charts/back/templates/probe.yaml",
      "top/charts/front/charts/leaf/templates/probe.yaml",
      "top/charts/front/templates/probe.yaml",
      "top/charts/helpers/templates/_lib.tpl",
      "top/templates/_local.tpl",
      "top/templates/probe.yaml",
    ]);

    const ours = prepared.inputs.templates
      .filter((t) => t.name.endsWith("probe.yaml"))
      .map((t) => {
        const d = t.dot;
        const r = d.Release;
        const who = d.Values.get("who");
        return [
          t.name,
          t.basePath,
          d.Chart.Name,
          String(d.Chart.IsRoot),
          Object.keys(d.Subcharts).sort().join(","),
          r.Name,
          r.Namespace,
          String(r.IsInstall),
          String(r.IsUpgrade),
          String(r.Revision),
          typeof who === "string" ? who : "",
        ].join("|");
      })
      .sort();
    const theirs = helm.stdout
      .split("\n")
      .filter((l) => l.startsWith("# ") && l.includes("|"))
      .map((l) => l.slice(2))
      .sort();
    expect(ours).toEqual(theirs);
  });

  it("shares one values table between a parent's .Values.<sub> and the subchart's .Values", async () => {
    const dir = await writeTree({
      "Chart.yaml": "apiVersion: v2\nname: top\nversion: 1.0.0\n",
      "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
      "charts/sub/values.yaml": "a: 1\n",
    });
    dirs.push(dir);
    const prepared = prepareRender(await loadChartDirectory(dir), { release: { name: "rel" } });
    // Helm templates can mutate .Values (set/unset); those changes must be visible across charts as in Go.
    expect(prepared.inputs.root.Subcharts.sub.Values).toBe(prepared.values.get("sub"));
    expect(prepared.inputs.root.Values.typeName).toBe("common.Values");
  });
});
