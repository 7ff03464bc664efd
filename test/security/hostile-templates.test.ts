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
  // The engine's memory limit (512 MiB by default) and its deadline checked right after expensive calls.
  // About four seconds to the memory limit on an idle machine: the 3 s deadline may come first.
  "a thousand lists of a million numbers kept in a dict": {
    template: '{{ $d := dict }}{{ range $i := until 1000 }}{{ $_ := set $d (toString $i) (until 1000000) }}{{ end }}',
    error: /^hostile\/templates\/t\.yaml:1:\d+\n  executing "hostile\/templates\/t\.yaml" at <.*>:\n    (rendering took longer than the limit of 3000 ms|rendering created more data than the memory limit of 512 MiB|a function call given \d+ characters or elements could need more memory than is left of the limit of 512 MiB)$/,
  },
  "splitList of a 64 MB string": {
    template: '{{ $s := repeat 32000000 "a," | splitList "," }}{{ len $s }}',
    error: /at <splitList ",">:\n    a function call given 64000001 characters or elements could need more memory than is left of the limit of 512 MiB$/,
  },
  "upper of a 40 MB string, then sha256sum of it sixty times": {
    template: '{{ $s := upper (repeat 40000000 "x") }}{{ range until 60 }}{{ $_ := sha256sum $s }}{{ end }}',
    error: /at <upper \(repeat 40000000 "x"\)>:\n    a function call given 40000000 characters or elements could need more memory/,
  },
  "sha256sum of a 20 MB string two hundred times (few steps, much work each)": {
    template: '{{ $s := repeat 20000000 "x" }}{{ range until 200 }}{{ $_ := sha256sum $s }}{{ end }}',
    error: /^hostile\/templates\/t\.yaml:1:61\n  executing "hostile\/templates\/t\.yaml" at <sha256sum \$s>:\n    rendering took longer than the limit of 3000 ms$/,
  },
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
