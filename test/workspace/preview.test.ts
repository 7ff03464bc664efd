// The preview worker's logic (lib/workspace/preview): what the workspace shows and which editor markers it sets,
// run directly on in-memory file maps the way the Web Worker runs it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPreview } from "@/lib/workspace/preview";

const CHART_DIR = path.join(process.cwd(), "test", "browser", "charts", "workspace-demo");

function readChart(dir: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(files, readChart(full, `${prefix}${name}/`));
    else files[`${prefix}${name}`] = readFileSync(full, "utf8");
  }
  return files;
}

const demo = readChart(CHART_DIR);

const SINGULAR_HOOK = [
  "apiVersion: batch/v1",
  "kind: Job",
  "metadata:",
  "  name: seed",
  "  annotation:",
  '    "helm.sh/hook": post-install',
  "spec:",
  "  backoffLimit: 0",
  "  template:",
  "    spec:",
  "      restartPolicy: Never",
  "      containers: [{ name: seed, image: busybox }]",
  "",
].join("\n");

describe("renderPreview", () => {
  it("renders the chart per source template, with Secret data masked", async () => {
    const result = await renderPreview({ files: demo });
    expect(result.ok).toBe(true);
    expect(result.manifests.map((m) => m.source)).toEqual(["templates/configmap.yaml", "templates/migrate-job.yaml", "templates/secret.yaml"]);
    const configMap = result.manifests.find((m) => m.source === "templates/configmap.yaml")!.text;
    expect(configMap).toContain('greeting: "hello"');
    const secret = result.manifests.find((m) => m.source === "templates/secret.yaml")!.text;
    expect(secret).not.toContain("s3cr3t-demo");
    expect(secret).toMatch(/password: •••• masked \(sha256:[0-9a-f]{8}\)/);
    expect(result.markers).toEqual([]);
  });

  it("re-renders an edited value", async () => {
    const before = await renderPreview({ files: demo });
    const after = await renderPreview({ files: { ...demo, "values.yaml": demo["values.yaml"].replace("greeting: hello", "greeting: bonjour") } });
    const text = (r: typeof before) => r.manifests.find((m) => m.source === "templates/configmap.yaml")!.text;
    expect(text(before)).toContain('greeting: "hello"');
    expect(text(after)).toContain('greeting: "bonjour"');
    expect(text(after)).not.toContain("hello");
  });

  it("plans the hooks per event in execution order, with delete policies and outcomes", async () => {
    const result = await renderPreview({ files: demo, releaseName: "shop" });
    const [hook] = result.plan!.events["pre-install"];
    expect(hook).toMatchObject({ kind: "Job", name: "shop-migrate", weight: -5, waited: true, source: "templates/migrate-job.yaml", deletePolicies: ["before-hook-creation", "hook-succeeded"], onSuccess: "deleted (hook-succeeded)", onFailure: "retained" });
    expect(result.plan!.events["pre-upgrade"].map((h) => h.name)).toEqual(["shop-migrate"]);
    expect(result.plan!.events["post-install"]).toEqual([]);
    expect(result.planText).toContain("pre-install (1 hook)");
  });

  it("turns a hook written under `annotation:` (singular) into a lint marker at the annotation's line", async () => {
    const result = await renderPreview({ files: { ...demo, "templates/seed-job.yaml": SINGULAR_HOOK } });
    expect(result.ok).toBe(true);
    const marker = result.markers.find((m) => m.file === "templates/seed-job.yaml");
    expect(marker).toMatchObject({ line: 6, column: 5, severity: "error", source: "hook lint" });
    expect(marker!.message).toContain("metadata.annotation, a misspelling of metadata.annotations");
    expect(result.lint.map((f) => [f.file, f.line, f.rule])).toContainEqual(["templates/seed-job.yaml", 6, "misplaced-helm-annotation"]);
    // Helm does not see it as a hook, so it is not in the plan.
    expect(result.plan!.events["post-install"]).toEqual([]);
  });

  it("turns an execution error into a marker on the template's file, line and 1-based column", async () => {
    const template = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ required \"set .Values.region\" .Values.region }}\n";
    const result = await renderPreview({ files: { ...demo, "templates/configmap.yaml": template } });
    expect(result.ok).toBe(false);
    expect(result.error).toContain("execution error at (workspace-demo/templates/configmap.yaml:6:8): set .Values.region");
    expect(result.markers).toEqual([{ file: "templates/configmap.yaml", line: 6, column: 9, severity: "error", message: "set .Values.region", source: "render" }]);
  });

  it("turns a parse error into a marker on its line", async () => {
    const result = await renderPreview({ files: { ...demo, "templates/secret.yaml": "a: 1\nb: {{ .Values.x | nosuchfunc }}\n" } });
    expect(result.ok).toBe(false);
    expect(result.error).toContain('function "nosuchfunc" not defined');
    expect(result.markers).toHaveLength(1);
    expect(result.markers[0]).toMatchObject({ file: "templates/secret.yaml", line: 2, severity: "error", source: "render" });
  });

  it("checks values.yaml against values.schema.json and marks the offending value", async () => {
    const result = await renderPreview({ files: { ...demo, "values.yaml": "greeting: hello\nreplicas: many\n" } });
    expect(result.markers).toEqual([{ file: "values.yaml", line: 2, column: 11, severity: "error", message: "values.schema.json: at /replicas: must be integer", source: "values schema" }]);
    // Rendering goes on, so the preview still shows what the draft produces.
    expect(result.ok).toBe(true);
  });

  it("marks a YAML error in values.yaml where the loader found it", async () => {
    const result = await renderPreview({ files: { ...demo, "values.yaml": "greeting: hello\n  bad: [\n" } });
    expect(result.ok).toBe(false);
    expect(result.markers.some((m) => m.file === "values.yaml" && m.source === "render")).toBe(true);
  });

  it("stops a hostile template at the render deadline instead of hanging", async () => {
    const hostile = "{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}\n";
    const started = Date.now();
    const result = await renderPreview({ files: { ...demo, "templates/configmap.yaml": hostile }, limits: { timeoutMs: 300 } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.ok).toBe(false);
    expect(result.limitExceeded).toBe(true);
    expect(result.error).toContain("longer than the limit of 300 ms");
  });

  it("stops a template that writes too much output", async () => {
    const hostile = "{{ range until 100000 }}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{{ end }}\n";
    const result = await renderPreview({ files: { ...demo, "templates/configmap.yaml": hostile }, limits: { maxOutputChars: 100_000 } });
    expect(result.ok).toBe(false);
    expect(result.limitExceeded).toBe(true);
  });
});

describe("lint positions in templates", () => {
  it("places a finding on the template line even when actions above it render no lines", async () => {
    const template = [
      "{{- if .Values.seed }}",
      '{{- $name := printf "%s-seed" .Release.Name }}',
      "apiVersion: batch/v1",
      "kind: Job",
      "metadata:",
      "  name: {{ $name }}",
      "  labels:",
      "    {{- include \"demo.labels\" . | nindent 4 }}",
      "  annotation:",
      '    "helm.sh/hook": post-install',
      "spec:",
      "  backoffLimit: 0",
      "  template:",
      "    spec:",
      "      restartPolicy: Never",
      "      containers: [{ name: seed, image: busybox }]",
      "{{- end }}",
      "",
    ].join("\n");
    const helpers = '{{- define "demo.labels" -}}\napp: demo\ntier: jobs\n{{- end }}\n';
    const files = { ...demo, "values.yaml": demo["values.yaml"] + "seed: true\n", "templates/seed.yaml": template, "templates/_helpers.tpl": helpers };
    const result = await renderPreview({ files });
    const marker = result.markers.find((m) => m.file === "templates/seed.yaml" && m.source === "hook lint");
    // Rendered, the annotation is on line 8; in the template it is on line 10.
    expect(marker).toMatchObject({ line: 10, column: 5 });
  });
});
