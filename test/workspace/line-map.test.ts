// Rendered lines back to template lines (lib/workspace/line-map).
import { describe, expect, it } from "vitest";
import { templateLineMap } from "@/lib/workspace/line-map";

describe("templateLineMap", () => {
  it("is the identity for a template without actions", () => {
    const text = "a: 1\nb: 2\nc: 3\n";
    const map = templateLineMap(text, text);
    expect([1, 2, 3].map(map)).toEqual([1, 2, 3]);
  });

  it("skips action-only lines and matches lines with actions by their literal text", () => {
    const template = '{{- if .Values.on }}\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-x\n  labels:\n    {{- include "l" . | nindent 4 }}\n  annotation:\n{{- end }}\n';
    const rendered = "kind: Job\nmetadata:\n  name: rel-x\n  labels:\n    app: a\n    tier: b\n  annotation:\n";
    const map = templateLineMap(template, rendered);
    expect([1, 2, 3, 4, 5, 6, 7].map(map)).toEqual([2, 3, 4, 5, 6, 6, 7]);
  });
});
