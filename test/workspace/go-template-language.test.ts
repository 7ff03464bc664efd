// The helm-template Monarch grammar: which files use it, and a structural check Monaco itself would only fail at
// run time (a rule with one token per group must never match with a group left out).
import { describe, expect, it } from "vitest";
import { helmTemplateMonarch, languageFor } from "@/lib/workspace/go-template-language";

const SAMPLE = [
  "apiVersion: batch/v1",
  "  - name: {{ .Release.Name }}-seed",
  "    image: busybox",
  '    "helm.sh/hook": post-install',
  "- item",
  "{{- if .Values.enabled }}",
  "  key: {{ include \"x.name\" . | quote }}",
];

describe("helm-template grammar", () => {
  it("picks the language by path", () => {
    expect(languageFor("templates/job.yaml")).toBe("helm-template");
    expect(languageFor("templates/_helpers.tpl")).toBe("helm-template");
    expect(languageFor("charts/sub/templates/cm.yaml")).toBe("helm-template");
    expect(languageFor("values.yaml")).toBe("yaml");
    expect(languageFor("values.schema.json")).toBe("json");
    expect(languageFor("README.md")).toBe("markdown");
  });

  it("never matches a group-per-token rule with a group missing", () => {
    for (const [state, rules] of Object.entries(helmTemplateMonarch.tokenizer)) {
      for (const rule of rules as unknown[]) {
        if (!Array.isArray(rule) || !(rule[0] instanceof RegExp) || !Array.isArray(rule[1])) continue;
        const [regex, tokens] = rule as [RegExp, string[]];
        for (const line of SAMPLE) {
          for (let i = 0; i < line.length; i++) {
            const m = new RegExp(regex.source, "y");
            m.lastIndex = i;
            const found = m.exec(line);
            if (!found) continue;
            expect(found.length - 1, `${state}: ${regex}`).toBe(tokens.length);
            expect(found.slice(1).every((g) => g !== undefined), `${state}: ${regex} on ${JSON.stringify(line)}`).toBe(true);
          }
        }
      }
    }
  });
});
