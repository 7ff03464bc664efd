import { describe, expect, it } from "vitest";
import { Budget, BUILTINS, ExecError, executeTree, TemplateSet } from "@/lib/template";
import { FuncError, type FunctionTable } from "@/lib/template/funcs/types";
import { GoInt, GoMap, goSlice, type GoValue } from "@/lib/template/value";
import { typedMethod } from "@/lib/template/exec/reflect";

/** A few functions with Go signatures, to exercise typed parameters without the function library. */
const testFunctions: FunctionTable = {
  upper: { params: ["string"], call: (_c, a) => (a[0] as string).toUpperCase() },
  repeat: { params: ["int", "string"], call: (_c, a) => (a[1] as string).repeat((a[0] as GoInt).value) },
  add64: { params: ["interface {}", "interface {}"], call: (_c, a) => new GoInt(Number(a[0]) + Number(a[1]), "int64") },
  half: { params: ["float64"], call: (_c, a) => (a[0] as number) / 2 },
  flag: { params: ["bool"], call: (_c, a) => (a[0] ? "on" : "off") },
  boom: { params: [], call: () => { throw new FuncError("it broke"); } },
  list: { params: [], variadic: "interface {}", call: (_c, a) => goSlice(a) },
};

const ctx = { now: () => new Date(0), randomBytes: (n: number) => new Uint8Array(n), timeZone: "UTC" };

function render(text: string, data: GoValue = null, options: { strict?: boolean } = {}): string {
  const set = new TemplateSet("root", testFunctions, BUILTINS);
  set.parse("t", text);
  return executeTree({ set, funcContext: ctx, budget: new Budget({}), missingKeyError: options.strict ?? false }, set.lookup("t")!, data);
}

function execError(text: string, data: GoValue = null): ExecError {
  try {
    render(text, data);
  } catch (e) {
    if (e instanceof ExecError) return e;
    throw e;
  }
  throw new Error("expected an execution error");
}

const values = (entries: Record<string, GoValue>) => new GoMap(Object.entries(entries));
const dot = values({ Values: values({ s: "str", n: 3, m: values({ b: 2, a: 1 }), l: goSlice(["x", "y", "z"]), nul: null }) });

describe("executor", () => {
  it("prints values with Go's %v and missing values as <no value>", () => {
    expect(render("{{ .Values.s }}|{{ .Values.n }}|{{ .Values.m }}|{{ .Values.l }}|{{ .Values.missing }}|{{ 1e6 }}|{{ 'a' }}", dot)).toBe(
      "str|3|map[a:1 b:2]|[x y z]|<no value>|1e+06|97",
    );
  });

  it("ranges over maps in sorted key order, slices, ints, with break, continue and else", () => {
    expect(render("{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}", dot)).toBe("a=1;b=2;");
    expect(render("{{ range $i, $e := .Values.l }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $e }}{{ end }}", dot)).toBe("xz");
    expect(render("{{ range 5 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}")).toBe("012");
    expect(render("{{ range .Values.missing }}x{{ else }}empty{{ end }}", dot)).toBe("empty");
  });

  it("keeps variable scope: := shadows, = assigns the nearest", () => {
    expect(render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 5 }}{{ end }}{{ $x }}")).toBe("2");
    expect(render('{{ $r := "" }}{{ range .Values.l }}{{ $r = printf "%s%s" $r . }}{{ end }}{{ $r }}', dot)).toBe("xyz");
  });

  it("converts untyped constants to the parameter type and rejects wrong types with Go's text", () => {
    expect(render('{{ repeat 3 "ab" }}|{{ half 3 }}|{{ flag true }}')).toBe("ababab|1.5|on");
    expect(execError('{{ repeat "3" "ab" }}').message).toBe('template: t:1:10: executing "t" at <"3">: expected integer; found "3"');
    expect(execError("{{ upper .Values.n }}", dot).message).toBe(
      'template: t:1:16: executing "t" at <.Values.n>: wrong type for value; expected string; got float64',
    );
    expect(execError("{{ upper .Values.missing }}", dot).message).toContain("wrong type for value; expected string; got interface {}");
    expect(execError("{{ .Values.missing | upper }}", dot).message).toContain("invalid value; expected string");
    expect(execError('{{ repeat (add64 1 2) "x" }}').message).toBe(
      'template: t:1:19: executing "t" at <2>: wrong type for value; expected int; got int64',
    );
  });

  it("distinguishes a nil map entry from a nil pipeline result", () => {
    expect(execError("{{ .Values.missing.x }}", dot).message).toBe(
      'template: t:1:10: executing "t" at <.Values.missing.x>: nil pointer evaluating interface {}.x',
    );
    expect(render("{{ (.Values.missing).x }}", dot)).toBe("<no value>");
    expect(execError("{{ .Values.s.x }}", dot).message).toContain("can't evaluate field x in type interface {}");
    expect(execError("{{ $s := .Values.s }}{{ $s.x }}", dot).message).toContain("can't evaluate field x in type string");
  });

  it("short-circuits and/or and returns the deciding operand", () => {
    expect(render('{{ and 1 0 2 }}|{{ or 0 "" "x" }}|{{ or 1 boom }}|{{ and 0 boom }}')).toBe("0|x|1|0");
    expect(execError("{{ and }}").message).toContain("wrong number of args for and: want at least 1 got 0");
  });

  it("compares with Go's kind rules", () => {
    expect(render('{{ eq 1 1 }}|{{ eq "a" "b" "a" }}|{{ lt "B" "a" }}|{{ eq .Values.missing nil }}|{{ ne 1 2 }}', dot)).toBe(
      "true|true|true|true|true",
    );
    expect(execError("{{ eq .Values.n 3 }}", dot).message).toBe(
      'template: t:1:3: executing "t" at <eq .Values.n 3>: error calling eq: incompatible types for comparison: float64 and int',
    );
    expect(execError("{{ lt true false }}").message).toContain("error calling lt: invalid type for comparison");
  });

  it("implements index, len, slice and the escapers as Go does", () => {
    expect(render('{{ index .Values.l 1 }}|{{ index "abc" 1 }}|{{ len "héllo" }}|{{ slice "abcdef" 1 3 }}|{{ len .Values.m }}', dot)).toBe("y|98|6|bc|2");
    expect(render(`{{ html "<a href='x'>" }}|{{ js "a'b<" }}|{{ urlquery "a b/é" }}|{{ print 1 2 "a" "b" 3 }}`)).toBe(
      "&lt;a href=&#39;x&#39;&gt;|a\\'b\\u003C|a+b%2F%C3%A9|1 2ab3",
    );
    expect(execError("{{ index .Values.l 5 }}", dot).message).toContain("error calling index: index out of range: 5");
    expect(execError("{{ len .Values.missing }}", dot).message).toContain("error calling len: len of nil pointer");
  });

  it("wraps a function's error as `error calling`", () => {
    const e = execError("a\n  {{ boom }}");
    expect(e.message).toBe('template: t:2:5: executing "t" at <boom>: error calling boom: it broke');
    expect(e.diagnostic).toEqual({ file: "t", line: 2, column: 5, message: "error calling boom: it broke" });
  });

  it("calls methods of structs with typed arguments and reports misuse of map fields", () => {
    const greeter = {
      goType: "*test.Greeter",
      goKind: "ptr" as const,
      field: (name: string) => (name === "Name" ? "world" : undefined),
      method: (name: string) => (name === "Greet" ? typedMethod(["string"], (s) => `hello ${s}`) : undefined),
      format: () => "greeter",
      toJSONValue: () => null,
    };
    const data = values({ G: greeter, Release: values({ Name: "r" }) });
    expect(render('{{ .G.Greet "you" }}|{{ "pipe" | .G.Greet }}|{{ .G.Name }}', data)).toBe("hello you|hello pipe|world");
    expect(execError("{{ .G.Greet 1 }}", data).message).toContain("expected string; found 1");
    expect(execError("{{ .Release.Name 1 }}", data).message).toBe(
      'template: t:1:11: executing "t" at <.Release.Name>: Name is not a method but has arguments',
    );
    expect(execError("{{ .G.Nope }}", data).message).toContain("can't evaluate field Nope in type interface {}");
  });

  it("runs define/template/block with their own variables and dot", () => {
    expect(render('{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" 5 }}{{ block "b" "d" }}<{{ . }}>{{ end }}')).toBe("[5]<d>");
    expect(execError('{{ template "nope" }}').message).toBe('template: t:1:12: executing "t" at <{{template "nope"}}>: template "nope" not defined');
  });

  it("supports missingkey=error", () => {
    expect(() => render("{{ .Values.zz }}", dot, { strict: true })).toThrow('map has no entry for key "zz"');
  });

  it("reports literal edge cases", () => {
    expect(execError("{{ 9223372036854775808 }}").message).toContain("9223372036854775808 overflows int");
    expect(execError("{{ nil }}").message).toContain("nil is not a command");
    expect(execError("{{ $x = 1 }}").message).toBe('template: t:1:8: executing "t" at <1>: undefined variable: $x');
    expect(render("{{ 1i }}|{{ 0x10p2 }}|{{ 1_000 }}|{{ 017 }}")).toBe("(0+1i)|64|1000|15");
  });
});
