import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helmBinary } from "@/test/helpers/binaries";

const run = promisify(execFile);
const hookline = path.resolve("bin/hookline");

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

async function exec(file: string, args: string[], cwd: string): Promise<Result> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, HELM_CACHE_HOME: cwd, HELM_CONFIG_HOME: cwd, HELM_DATA_HOME: cwd, KUBECONFIG: path.join(cwd, "none") } });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

describe("hookline template, side by side with helm template", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-cli-"));
    const chart = path.join(dir, "shop");
    await mkdir(path.join(chart, "templates"), { recursive: true });
    await writeFile(path.join(chart, "Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 1.2.3\nappVersion: \"2.0\"\n");
    await writeFile(path.join(chart, "values.yaml"), "replicas: 2\nimage: {repo: shop, tag: latest}\nfeatures: [cart, search]\n");
    await writeFile(
      path.join(chart, "templates", "deploy.yaml"),
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: {{ .Release.Name }}-{{ .Chart.Name }}",
        "  namespace: {{ .Release.Namespace }}",
        "spec:",
        "  replicas: {{ .Values.replicas }}",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: app",
        '          image: "{{ .Values.image.repo }}:{{ .Values.image.tag }}"',
        "          env: {{- range $i, $f := .Values.features }}",
        "            - name: FEATURE_{{ $i }}",
        "              value: {{ $f | upper | quote }}",
        "          {{- end }}",
        "---",
        "apiVersion: batch/v1",
        "kind: Job",
        "metadata:",
        "  name: {{ .Release.Name }}-migrate",
        "  annotations:",
        '    "helm.sh/hook": pre-upgrade',
        "spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: {{ required \"image.tag is required\" .Values.image.tag | quote }}}]}}}",
      ].join("\n"),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("prints the same manifest for the same flags", async () => {
    const args = ["template", "web", "shop", "-n", "prod", "--set", "replicas=3", "--set-string", "image.tag=1.0"];
    const [ours, theirs] = await Promise.all([exec(hookline, args, dir), exec(await helmBinary(), args, dir)]);
    expect(theirs.code).toBe(0);
    expect(ours).toEqual(theirs);
  });

  it("fails with helm's error text and exit code", async () => {
    const args = ["template", "web", "shop", "--set", "image.tag=null"];
    const [ours, theirs] = await Promise.all([exec(hookline, args, dir), exec(await helmBinary(), args, dir)]);
    expect(theirs.code).toBe(1);
    expect(theirs.stderr).toContain("image.tag is required");
    expect(ours).toEqual(theirs);
  });

  it("reports a chart that does not exist as helm does", async () => {
    const args = ["template", "web", "nowhere"];
    const [ours, theirs] = await Promise.all([exec(hookline, args, dir), exec(await helmBinary(), args, dir)]);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it("prints the chart's crds/ only with --include-crds (--skip-crds, which only stops installing them, changes nothing)", async () => {
    const chart = path.resolve("test/lifecycle/charts/crd-app");
    for (const flags of [[], ["--include-crds"], ["--include-crds", "--skip-crds"]]) {
      const args = ["template", "web", chart, "--set-json", 'tests=["t"]', ...flags];
      const [ours, theirs] = await Promise.all([exec(hookline, args, dir), exec(await helmBinary(), args, dir)]);
      expect(theirs.code).toBe(0);
      expect({ flags, ...ours }).toEqual({ flags, ...theirs });
      expect(ours.stdout.includes("kind: CustomResourceDefinition")).toBe(flags.includes("--include-crds"));
    }
  });

  it("--post-renderer runs a helm 4 postrenderer/v1 plugin from HELM_DATA_HOME/plugins over every file, hooks included", async () => {
    const plugin = path.join(dir, "plugins", "tagger");
    await mkdir(plugin, { recursive: true });
    await writeFile(path.join(plugin, "run.sh"), '#!/bin/sh\nsed "s/echo /echo $1-/"\n');
    await chmod(path.join(plugin, "run.sh"), 0o755);
    await writeFile(
      path.join(plugin, "plugin.yaml"),
      'apiVersion: v1\nname: tagger\nversion: 0.1.0\ntype: postrenderer/v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n    - command: "${HELM_PLUGIN_DIR}/run.sh"\n',
    );
    const chart = path.resolve("test/lifecycle/charts/crd-app");
    for (const renderer of ["tagger", "not-installed"]) {
      const args = ["template", "web", chart, "--set", "deployment=true", "--set-json", 'tests=["t"]', "--post-renderer", renderer, "--post-renderer-args", "pr"];
      const [ours, theirs] = await Promise.all([exec(hookline, args, dir), exec(await helmBinary(), args, dir)]);
      expect(theirs.code).toBe(renderer === "tagger" ? 0 : 1);
      expect({ renderer, ...ours }).toEqual({ renderer, ...theirs });
    }
  });
});
