/**
 * Micro-benchmark of the template engine: parse throughput and render throughput of a few representative
 * templates (a Deployment with helpers, a long range, tpl-heavy values). Prints numbers; asserts nothing.
 * Run: npx tsx bench/render-micro/run.ts
 */
import { parseTemplate, renderChartTemplates, type ChartInput } from "@/lib/template";
import { sprigFunctions, helmCodecFunctions } from "@/lib/template/funcs";
import { loadYaml } from "@/lib/template/codec";
import { GoMap } from "@/lib/template/value";

const functions = { ...sprigFunctions(), ...helmCodecFunctions() };

const helpers = `{{- define "app.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "app.fullname" -}}{{ printf "%s-%s" .Release.Name (include "app.name" .) | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "app.labels" -}}
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k | upper }}
              value: {{ $v | quote }}
            {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
          {{- end }}`;

const longRange = `{{- range $i, $e := .Values.items }}
- index: {{ $i }}
  name: {{ $e.name | quote }}
  value: {{ printf "%s-%d" $e.name $i }}
{{- end }}`;

const tplHeavy = `{{- range .Values.templated }}
{{ tpl . $ }}
{{- end }}`;

const valuesYaml = `replicaCount: 3
nameOverride: ""
autoscaling: {enabled: false}
image: {repository: nginx, tag: ""}
resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 250m, memory: 64Mi}}
nodeSelector: {disktype: ssd}
env: {alpha: "1", beta: two, gamma: "true", delta: x}
`;

function values(): GoMap {
  const v = loadYaml(valuesYaml) as GoMap;
  v.set("items", Array.from({ length: 1000 }, (_, i) => new GoMap([["name", `item${i}`]])));
  v.set("templated", Array.from({ length: 100 }, (_, i) => `k${i}: {{ .Release.Name }}-{{ .Values.replicaCount }}`));
  return v;
}

function chart(templates: Record<string, string>): ChartInput {
  return {
    name: "bench",
    metadata: { apiVersion: "v2", name: "bench", version: "1.0.0", appVersion: "1.25" },
    templates: Object.entries(templates).map(([name, data]) => ({ name, data })),
    files: [],
    values: values(),
    dependencies: [],
  };
}

/** Prints wall and CPU time per operation; CPU time is the steadier number on a shared machine. */
function measure(label: string, iterations: number, run: () => void): void {
  for (let i = 0; i < Math.min(20, iterations); i++) run(); // warm up the JIT
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) run();
  const cpu = process.cpuUsage(cpu0);
  const ms = (performance.now() - start) / iterations;
  const cpuMs = (cpu.user + cpu.system) / 1000 / iterations;
  console.log(`${label.padEnd(44)} ${ms.toFixed(3).padStart(9)} ms/op wall ${cpuMs.toFixed(3).padStart(9)} ms/op cpu`);
}

const bigText = Array.from({ length: 50 }, () => deployment).join("\n---\n");
measure(`parse ${(bigText.length / 1024).toFixed(0)} KiB of templates (no cache)`, 50, () => {
  parseTemplate("big.yaml", bigText, { hasFunction: () => true });
});

const deploymentChart = chart({ "templates/_helpers.tpl": helpers, "templates/deployment.yaml": deployment });
measure("render deployment + helpers", 2000, () => renderChartTemplates(deploymentChart, { functions }));

const rangeChart = chart({ "templates/list.yaml": longRange });
measure("render range over 1000 items", 200, () => renderChartTemplates(rangeChart, { functions }));

const tplChart = chart({ "templates/tpl.yaml": tplHeavy });
measure("render 100 tpl calls", 200, () => renderChartTemplates(tplChart, { functions }));

const manyFiles: Record<string, string> = { "templates/_helpers.tpl": helpers };
for (let i = 0; i < 100; i++) manyFiles[`templates/deploy-${i}.yaml`] = deployment;
const manyChart = chart(manyFiles);
measure("render chart of 100 deployments", 50, () => renderChartTemplates(manyChart, { functions }));
