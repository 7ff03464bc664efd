import { describe, expect, it } from "vitest";
import { parseTemplate } from "@/lib/template";
import { ParseError } from "@/lib/template/errors";
import { NodeType, nodeText, type ActionNode, type FieldNode } from "@/lib/template/parse/nodes";
import { locationOf } from "@/lib/template/parse/position";

const funcs = new Set(["quote", "include", "printf", "eq"]);
const opts = { hasFunction: (n: string) => funcs.has(n) };

function parse(text: string) {
  return parseTemplate("t.yaml", text, opts);
}

function parseError(text: string): ParseError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error("expected a parse error");
}

describe("parser", () => {
  it("round-trips node text as Go prints it", () => {
    const root = parse('{{ $x := .Values.a | quote }}{{ if eq $x "b" }}B{{ else if .c }}C{{ else }}D{{ end }}{{ (printf "%d" 1).x }}').get("t.yaml")!.root;
    expect(root.nodes.map(nodeText)).toEqual([
      "{{$x := .Values.a | quote}}",
      '{{if eq $x "b"}}B{{else}}{{if .c}}C{{else}}D{{end}}{{end}}',
      '{{(printf "%d" 1).x}}',
    ]);
  });

  it("positions a field chain at its second segment, as Go does", () => {
    const text = "line1\nline2 {{ .Values.a.b }}";
    const action = parse(text).get("t.yaml")!.root.nodes[1] as ActionNode;
    const field = action.pipe.cmds[0].args[0] as FieldNode;
    expect(field.ident).toEqual(["Values", "a", "b"]);
    expect(locationOf(text, field.pos)).toEqual({ line: 2, column: 16 });
  });

  it("makes one tree per define and block", () => {
    const set = parse('{{ define "a" }}A{{ end }}x{{ block "b" . }}B{{ end }}');
    expect([...set.keys()].sort()).toEqual(["a", "b", "t.yaml"]);
    expect(nodeText(set.get("t.yaml")!.root)).toBe('x{{template "b" .}}');
  });

  it("ignores an empty redefinition but rejects two non-empty ones in one text", () => {
    expect(nodeText(parse('{{ define "x" }}A{{ end }}{{ define "x" }} {{ end }}').get("x")!.root)).toBe("A");
    const e = parseError('{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}');
    expect(e.message).toBe('template: t.yaml:1: template: multiple definition of template "x"');
  });

  it("reports Go's parse errors with the line of the last token", () => {
    expect(parseError("{{ if }}").message).toBe("template: t.yaml:1: missing value for if");
    expect(parseError("ok\n{{ end }}").message).toBe("template: t.yaml:2: unexpected {{end}}");
    expect(parseError("{{ if true }}x").message).toBe("template: t.yaml:1: unexpected EOF");
    expect(parseError("{{ foo }}").message).toBe('template: t.yaml:1: function "foo" not defined');
    expect(parseError("{{ range .l }}{{ $x := . }}{{ end }}{{ $x }}").message).toBe('template: t.yaml:1: undefined variable "$x"');
    expect(parseError("{{ break }}").message).toBe("template: t.yaml:1: {{break}} outside {{range}}");
    expect(parseError("{{ if true }}{{ define \"x\" }}{{ end }}{{ end }}").message).toBe("template: t.yaml:1: unexpected <define> in command");
    expect(parseError("{{ .Values.10 }}").message).toBe('template: t.yaml:1: unexpected ".10" in operand');
    expect(parseError('{{ else "abcdefghijklmnop" }}').message).toBe('template: t.yaml:1: unexpected "\\"abcdefghi"... in else');
    expect(parseError("{{ 1 | 2 }}").message).toBe("template: t.yaml:1: non executable command in pipeline stage 2");
    expect(parseError("{{ 1.x }}").message).toBe('template: t.yaml:1: bad number syntax: "1.x"');
    expect(parseError("{{ 99999999999999999999 }}").message).toBe('template: t.yaml:1: integer overflow: "99999999999999999999"');
    expect(parseError('{{ "\\q" }}').message).toBe("template: t.yaml:1: invalid syntax");
  });

  it("gives a structured diagnostic with a byte column", () => {
    const e = parseError("a: 1\nb: {{ nope }}");
    expect(e.diagnostic).toEqual({ file: "t.yaml", line: 2, column: 6, message: 'function "nope" not defined' });
  });

  it("keeps literal interpretations of numbers", () => {
    const action = parse("{{ 0x1F }}{{ 1e3 }}{{ 'a' }}").get("t.yaml")!.root.nodes.map((n) => (n as ActionNode).pipe.cmds[0].args[0]);
    expect(action.map((n) => (n.type === NodeType.Number ? [n.isInt, n.isFloat, n.float64] : null))).toEqual([
      [true, true, 31],
      [true, true, 1000],
      [true, true, 97],
    ]);
  });

  it("scopes variables to the enclosing block and lets assignments reach outer ones", () => {
    expect(() => parse("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}")).not.toThrow();
    expect(parseError('{{ $v := 1 }}{{ define "d" }}{{ $v }}{{ end }}').message).toBe('template: t.yaml:1: undefined variable "$v"');
  });
});
