import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { maskedText } from "@/lib/mask/secrets";
import { maskChartFile, maskChartSource } from "@/lib/mask/source";

describe("masking chart source files for readers without the unmask permission", () => {
  it("masks secret-looking values of a values file, nested blocks and block scalars, and keeps everything else", () => {
    const values = [
      "# The database.",
      "database:",
      "  host: db.internal # primary",
      "  password: hunter2 # rotate me",
      "auth:",
      "  users:",
      "    - alice",
      "    - name: bob",
      "      token: 'tok-123'",
      "tls:",
      "  key: |",
      "    -----BEGIN PRIVATE KEY-----",
      "    c2VjcmV0",
      "  crt: public",
      "apiKey: \"\"",
      "existingSecret: my-secret",
      "replicas: 2",
    ].join("\n");
    const masked = maskChartSource(values);
    for (const secret of ["hunter2", "alice", "bob", "tok-123", "BEGIN PRIVATE KEY", "c2VjcmV0"]) expect(masked).not.toContain(secret);
    expect(masked.split("\n")).toEqual([
      "# The database.",
      "database:",
      "  host: db.internal # primary",
      `  password: ${maskedText("hunter2")}`,
      "auth:",
      "  users:",
      `    - ${maskedText("alice")}`,
      `    - name: ${maskedText("bob")}`,
      `      token: ${maskedText("'tok-123'")}`,
      "tls:",
      "  key: |",
      `    ${maskedText("-----BEGIN PRIVATE KEY-----")}`,
      `    ${maskedText("c2VjcmV0")}`,
      "  crt: public",
      'apiKey: ""',
      "existingSecret: my-secret",
      "replicas: 2",
    ]);
  });

  it("masks Secret data and secret env values in templates, but keeps references to values readable", () => {
    const template = [
      "apiVersion: v1",
      "kind: Secret",
      "metadata:",
      "  name: {{ .Release.Name }}-db",
      "data:",
      "  {{- range $k, $v := .Values.extra }}",
      "  {{ $k }}: {{ $v | b64enc }}",
      "  {{- end }}",
      "  password: {{ .Values.database.password | b64enc | quote }}",
      "  admin: {{ \"literal-admin-pw\" | b64enc }}",
      "  config.json: eyJ1c2VyIjoicm9vdCJ9",
      "{{- if .Values.extraUser }}",
      "  user.txt: alice-literal",
      "{{- end }}",
      "---",
      "apiVersion: v1",
      "kind: ConfigMap",
      "data:",
      "  greeting: hello",
      "spec:",
      "  env:",
      "    - name: DB_PASSWORD",
      "      value: plain-pw",
      "    - name: LOG_LEVEL",
      "      value: debug",
    ].join("\n");
    const masked = maskChartSource(template).split("\n");
    expect(masked[3]).toBe("  name: {{ .Release.Name }}-db");
    expect(masked.slice(5, 9)).toEqual(["  {{- range $k, $v := .Values.extra }}", "  {{ $k }}: {{ $v | b64enc }}", "  {{- end }}", "  password: {{ .Values.database.password | b64enc | quote }}"]);
    expect(masked[9]).toBe(`  admin: ${maskedText('{{ "literal-admin-pw" | b64enc }}')}`);
    expect(masked[10]).toBe(`  config.json: ${maskedText("eyJ1c2VyIjoicm9vdCJ9")}`);
    expect(masked.slice(11, 14)).toEqual(["{{- if .Values.extraUser }}", `  user.txt: ${maskedText("alice-literal")}`, "{{- end }}"]);
    expect(masked[18]).toBe("  greeting: hello");
    expect(masked[22]).toBe(`      value: ${maskedText("plain-pw")}`);
    expect(masked[24]).toBe("      value: debug");
  });

  it("masks the demo chart's password and nothing that is not secret", () => {
    const values = readFileSync("charts/demo/values.yaml", "utf8");
    const masked = maskChartSource(values);
    expect(masked).not.toContain("demo-password-change-me");
    expect(masked).toContain(maskedText("demo-password-change-me"));
    const changed = values.split("\n").filter((line, i) => line !== masked.split("\n")[i]);
    expect(changed).toEqual(["  password: demo-password-change-me"]);
  });

  it("masks whole files whose names look secret outside templates/, and private key blocks anywhere", () => {
    expect(maskChartFile("files/tls.key", "abc\n")).toBe(maskedText("abc\n"));
    expect(maskChartFile("files/credentials.json", '{"u":"p"}')).toBe(maskedText('{"u":"p"}'));
    expect(maskChartFile("files/AUTHORS", "Ann\n")).toBe("Ann\n");
    expect(maskChartFile("README.md", "# Demo\nSet `password` in values.\n")).toBe("# Demo\nSet `password` in values.\n");
    const template = "kind: ConfigMap\ndata:\n  ca: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow\n    -----END RSA PRIVATE KEY-----\n  name: x\n";
    const masked = maskChartFile("templates/secret-config.yaml", template);
    expect(masked).not.toContain("MIIEow");
    expect(masked).toContain("-----BEGIN RSA PRIVATE KEY-----");
    expect(masked).toContain("  name: x");
  });
});
