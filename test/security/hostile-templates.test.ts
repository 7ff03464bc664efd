/**
 * Untrusted charts cannot hang or crash Hookline: each hostile template ends in a clear error within its limits.
 * Regex functions run on RE2 (linear time, as Go's regexp), so a pattern built to backtrack catastrophically in a
 * JavaScript RegExp is simply answered.
 */
import { describe, expect, it } from "vitest";
import { loadChartFromFileMap } from "@/lib/chart";
import { renderChart, RenderFailure } from "@/lib/render/render-chart";

const CHART_YAML = "apiVersion: v2\nname: hostile\nversion: 0.1.0\n";

const HOSTILE: Record<string, { template: string; error: RegExp }> = {
  "a huge until": { template: "{{ range until 100000000 }}x{{ end }}", error: /until|limit|too (large|long)|1000000/i },
  "a huge repeat": { template: '{{ repeat 2000000000 "ab" }}', error: /limit|too (large|long)|repeat/i },
  "recursive include": { template: '{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}', error: /nested reference|depth|too deep/i },
  "recursive template": { template: '{{ define "t" }}{{ template "t" . }}{{ end }}{{ template "t" . }}', error: /depth|too deep|limit/i },
  "recursive tpl": { template: '{{ $t := "{{ tpl $.Values.x $ }}" }}{{ tpl $t (dict "Values" (dict "x" $t)) }}', error: /depth|too deep|limit|nested|error calling tpl/i },
  "gigabytes of output": { template: '{{ range until 1000000 }}{{ repeat 1000 "x" }}{{ end }}', error: /larger than the limit|limit/i },
  "an endless nested range": { template: "{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}", error: /took longer than the limit|limit/i },
  "a regex bomb": { template: 'matched: {{ regexMatch "^(a+)+$" (printf "%s!" (repeat 100000 "a")) }}', error: /^$/ },
  "deep toYaml of a self-referencing dict": { template: '{{ $d := dict }}{{ $_ := set $d "self" $d }}{{ toYaml $d }}', error: /./ },
  "a fail with a huge message": { template: '{{ fail (repeat 10000000 "e") }}', error: /execution error/ },
};

describe("hostile templates end in a clear error within their limits", () => {
  for (const [name, { template, error }] of Object.entries(HOSTILE)) {
    it(name, async () => {
      const chart = await loadChartFromFileMap({ "Chart.yaml": CHART_YAML, "templates/t.yaml": template });
      const started = Date.now();
      let failure: unknown;
      try {
        renderChart(chart, { release: { name: "x" }, limits: { timeoutMs: 3_000, maxOutputChars: 10_000_000 } });
      } catch (err) {
        failure = err;
      }
      const elapsed = Date.now() - started;
      if (name === "a regex bomb") {
        // Not an error at all: RE2 answers "false" in linear time, as Go's regexp would.
        expect(failure).toBeUndefined();
        expect(elapsed).toBeLessThan(5_000);
        return;
      }
      expect(failure, `${name} should fail`).toBeInstanceOf(RenderFailure);
      expect((failure as Error).message).toMatch(error);
      expect(elapsed, `${name} took ${elapsed} ms`).toBeLessThan(15_000);
    }, 30_000);
  }
});
