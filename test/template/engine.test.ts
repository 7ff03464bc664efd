import { describe, expect, it } from "vitest";
import { renderChartTemplates, RenderError, type ChartInput, type RenderOptions } from "@/lib/template";
import { sprigFunctions, helmCodecFunctions } from "@/lib/template/funcs";
import { GoMap } from "@/lib/template/value";
import { compileGlob } from "@/lib/template/exec/helm/glob";

const functions = { ...sprigFunctions(), ...helmCodecFunctions() };

function chart(templates: Record<string, string>, extra: Partial<ChartInput> = {}): ChartInput {
  return {
    name: "c",
    metadata: { apiVersion: "v2", name: "c", version: "0.1.0" },
    templates: Object.entries(templates).map(([name, data]) => ({ name, data })),
    files: [],
    values: new GoMap(),
    dependencies: [],
    ...extra,
  };
}

function renderError(c: ChartInput, options: Partial<RenderOptions> = {}): RenderError {
  try {
    renderChartTemplates(c, { functions, ...options });
  } catch (e) {
    if (e instanceof RenderError) return e;
    throw e;
  }
  throw new Error("expected a render error");
}

describe("Helm engine", () => {
  it("renders every non-partial file in Helm's order and strips <no value>", () => {
    const out = renderChartTemplates(
      chart({ "templates/b.yaml": "b{{ .Values.nope }}", "templates/a.yaml": "a", "templates/_h.tpl": "partial", "templates/sub/x.yaml": "x" }),
      { functions },
    );
    expect([...out.entries()]).toEqual([
      ["c/templates/sub/x.yaml", "x"],
      ["c/templates/b.yaml", "b"],
      ["c/templates/a.yaml", "a"],
    ]);
  });

  it("shares defines across charts; the shallowest, alphabetically first wins", () => {
    const sub = chart({ "templates/_a.tpl": '{{ define "x" }}sub{{ end }}' }, { name: "sub", metadata: { name: "sub" } });
    const root = chart({ "templates/_b.tpl": '{{ define "x" }}b{{ end }}', "templates/_a.tpl": '{{ define "x" }}a{{ end }}', "templates/t.yaml": '{{ include "x" . }}|{{ .Subcharts.sub.Chart.Name }}' }, { dependencies: [sub] });
    expect(renderChartTemplates(root, { functions }).get("c/templates/t.yaml")).toBe("a|sub");
  });

  it("renders library charts' partials only", () => {
    const lib = chart({ "templates/_l.tpl": '{{ define "l" }}L{{ end }}', "templates/out.yaml": "never" }, { name: "lib", metadata: { name: "lib", type: "library" } });
    const out = renderChartTemplates(chart({ "templates/t.yaml": '{{ include "l" . }}' }, { dependencies: [lib] }), { functions });
    expect([...out.keys()]).toEqual(["c/templates/t.yaml"]);
    expect(out.get("c/templates/t.yaml")).toBe("L");
  });

  it("reports parse and execution errors as Helm prints them, with editor diagnostics", () => {
    const parse = renderError(chart({ "templates/t.yaml": "ok\n{{ end }}" }));
    expect(parse.message).toBe("parse error at (c/templates/t.yaml:2): unexpected {{end}}");
    expect(parse.kind).toBe("parse");
    // Go names no column for parse errors; the diagnostic points at the last token read.
    expect(parse.diagnostic).toEqual({ file: "c/templates/t.yaml", line: 2, column: 7, message: "unexpected {{end}}" });

    const exec = renderError(chart({ "templates/_h.tpl": '{{ define "bad" }}\n  {{ .Values.a.b }}{{ end }}', "templates/t.yaml": 'x: {{ include "bad" . }}' }));
    expect(exec.message).toBe(
      'c/templates/t.yaml:1:6\n  executing "c/templates/t.yaml" at <include "bad" .>:\n    error calling include:\n' +
        'c/templates/_h.tpl:2:12\n  executing "bad" at <.Values.a.b>:\n    nil pointer evaluating interface {}.b',
    );
    expect(exec.diagnostic).toEqual({ file: "c/templates/_h.tpl", line: 2, column: 12, message: "nil pointer evaluating interface {}.b" });

    const required = renderError(chart({ "templates/t.yaml": 'a: 1\nb: {{ required "b is required" .Values.b }}' }));
    expect(required.message).toBe("execution error at (c/templates/t.yaml:2:6): b is required");
    expect(required.diagnostic).toEqual({ file: "c/templates/t.yaml", line: 2, column: 6, message: "b is required" });
  });

  it("lets tpl define templates for its own use only", () => {
    const c = chart({ "templates/t.yaml": '{{ tpl "{{ define \\"z\\" }}Z{{ end }}{{ include \\"z\\" . }}-{{ .Values.v }}" . }}' }, { values: new GoMap([["v", "V"]]) });
    expect(renderChartTemplates(c, { functions }).get("c/templates/t.yaml")).toBe("Z-V");
  });

  it("executes an empty nested tpl as empty, not as the enclosing tpl text", () => {
    const c = chart({ "templates/t.yaml": '[{{ tpl "a{{ tpl \\"\\" . }}b" . }}]' });
    expect(renderChartTemplates(c, { functions }).get("c/templates/t.yaml")).toBe("[ab]");
  });

  it("provides .Files with gobwas/glob semantics", () => {
    const files = ["a.txt", "dir/b.txt", "dir/sub/c.txt", "x.json"].map((name) => ({ name, data: name.toUpperCase() }));
    const c = chart(
      {
        "templates/t.yaml":
          '{{ range $p, $_ := .Files.Glob "*.txt" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "dir/**" }}{{ $p }};{{ end }}|' +
          '{{ len (.Files.Glob "{a,x}.*") }}|{{ len (.Files.Glob "[") }}|{{ .Files.Get "x.json" }}|{{ .Files.GetBytes "nope" }}',
      },
      { files },
    );
    expect(renderChartTemplates(c, { functions }).get("c/templates/t.yaml")).toBe("a.txt;|dir/b.txt;dir/sub/c.txt;|2|4|X.JSON|[]");
    expect(compileGlob("a?c")!.test("abc")).toBe(true);
    expect(compileGlob("a?c")!.test("a/c")).toBe(false);
    expect(compileGlob("[!a]*")!.test("b1")).toBe(true);
  });

  it("shows Chart.yaml with Go field names, nested maintainers too", () => {
    const c = chart(
      { "templates/t.yaml": "{{ .Chart.Name }}|{{ .Chart.APIVersion }}|{{ range .Chart.Maintainers }}{{ .Name }}<{{ .Email }}>{{ end }}|{{ .Chart.IsRoot }}" },
      { metadata: { apiVersion: "v2", name: "c", version: "1.0.0", maintainers: [{ name: "Ann", email: "a@x" }] } },
    );
    expect(renderChartTemplates(c, { functions }).get("c/templates/t.yaml")).toBe("c|v2|Ann<a@x>|true");
  });

  it("injects lookup and the release", () => {
    const c = chart({ "templates/t.yaml": '{{ (lookup "v1" "Secret" "ns" "s").kind }}|{{ .Release.Name }}|{{ .Release.Revision }}' });
    const out = renderChartTemplates(c, {
      functions,
      release: { name: "rel", revision: 4 },
      lookup: (_a, kind) => new GoMap([["kind", kind]]),
    });
    expect(out.get("c/templates/t.yaml")).toBe("Secret|rel|4");
  });

  it("binds lookup, include and tpl to each render although renders of a chart share its parsed trees", () => {
    const c = chart({
      "templates/t.yaml": '{{ define "n" }}{{ .Release.Name }}{{ end }}{{ (lookup "v1" "Secret" "ns" "s").who }}|{{ include "n" . }}|{{ tpl "{{ upper .Release.Name }}" . }}|{{ upper "x" }}',
    });
    const renderAs = (who: string) =>
      renderChartTemplates(c, { functions, release: { name: `rel-${who}` }, lookup: () => new GoMap([["who", who]]) }).get("c/templates/t.yaml");
    expect(renderAs("a")).toBe("a|rel-a|REL-A|X");
    expect(renderAs("b")).toBe("b|rel-b|REL-B|X");
    expect(renderAs("a")).toBe("a|rel-a|REL-A|X");
  });
});

describe("limits for untrusted templates", () => {
  it("stops at the deadline, using the injected clock", () => {
    let now = 0;
    const e = renderError(chart({ "templates/t.yaml": "{{ range 100000000 }}{{ end }}" }), {
      clock: () => (now += 1),
      limits: { timeoutMs: 500 },
    });
    expect(e.kind).toBe("limit");
    expect(e.message).toBe('c/templates/t.yaml:1:9\n  executing "c/templates/t.yaml" at <{{range 100000000}}{{end}}>:\n    rendering took longer than the limit of 500 ms');
    expect(e.diagnostic).toEqual({ file: "c/templates/t.yaml", line: 1, column: 9, message: "rendering took longer than the limit of 500 ms" });
  });

  it("checks the deadline right after calls that read or create much, however few", () => {
    let now = 0;
    // Each call takes "a second" on the injected clock and returns 1 MB: the budget reads the clock after the first.
    const heavy = { params: [], call: () => ((now += 1000), "x".repeat(1 << 20)) };
    const slow = { params: [], slow: true, call: () => ((now += 1000), "k") };
    const fns = { ...functions, heavy, slow };
    for (const name of ["heavy", "slow"]) {
      now = 0;
      const e = renderError(chart({ "templates/t.yaml": `{{ range until 10 }}{{ $_ := ${name} }}{{ end }}` }), { functions: fns, clock: () => now, limits: { timeoutMs: 500 } });
      expect(e.message, name).toBe(`c/templates/t.yaml:1:29\n  executing "c/templates/t.yaml" at <${name}>:\n    rendering took longer than the limit of 500 ms`);
      expect(now, name).toBe(1000);
    }
    // A cheap call of the same duration is one step: checked only every few hundred steps, as before.
    now = 0;
    const cheap = { params: [], call: () => ((now += 1000), "k") };
    expect(() => renderChartTemplates(chart({ "templates/t.yaml": "{{ range until 10 }}{{ $_ := cheap }}{{ end }}" }), { functions: { ...functions, cheap }, clock: () => now, limits: { timeoutMs: 500 } })).not.toThrow();
  });

  it("stops when a render creates more data than its memory limit, placed at the innermost call", () => {
    const t = {
      "templates/t.yaml": '{{ $d := dict }}{{ range $i := until 100 }}{{ $_ := set $d (toString $i) (include "lists" .) }}{{ end }}',
      "templates/_h.tpl": '{{ define "lists" }}{{ $l := until 1000 }}{{ len $l }}{{ end }}',
    };
    const e = renderError(chart(t), { limits: { maxAllocBytes: 1_000_000 } });
    expect(e.kind).toBe("limit");
    expect(e.message).toBe('c/templates/_h.tpl:1:29\n  executing "lists" at <until 1000>:\n    rendering created more data than the memory limit of 1000000 bytes');
    expect(e.diagnostic).toMatchObject({ file: "c/templates/_h.tpl", line: 1, column: 29 });
    // Ten lists of a thousand numbers fit: the limit counts what is created, not what a call returns that exists.
    const ok = { "templates/t.yaml": '{{ $l := until 1000 }}{{ range until 10000 }}{{ $_ := default 0 $l }}{{ $_ = first $l }}{{ $_ = index $l 5 }}{{ end }}{{ len $l }}' };
    expect(renderChartTemplates(chart(ok), { functions, limits: { maxAllocBytes: 1_000_000 } }).get("c/templates/t.yaml")).toBe("1000");
  });

  it("counts the new collections inside a result (deepCopy, fromJson), once each", () => {
    const t = { "templates/t.yaml": '{{ $v := dict "l" (until 10000) }}{{ range until 100 }}{{ $_ := deepCopy $v }}{{ end }}' };
    expect(renderError(chart(t), { limits: { maxAllocBytes: 10_000_000 } }).message).toMatch(/at <deepCopy \$v>:\n    rendering created more data than the memory limit of 10000000 bytes$/);
  });

  it("refuses a call whose input could need more memory than is left, before it runs", () => {
    let called = 0;
    const split = { params: ["string"] as const, call: () => (called++, [] as never[]) };
    const t = { "templates/t.yaml": '{{ $s := repeat 100000 "ab" }}{{ split2 $s }}' };
    const e = renderError(chart(t), { functions: { ...functions, split2: split }, limits: { maxAllocBytes: 2_000_000 } });
    expect(e.message).toMatch(/at <split2 \$s>:\n    a function call given 200000 characters or elements could need more memory than is left of the limit of 2000000 bytes$/);
    expect(called).toBe(0);
  });

  it("stops when the output grows too large", () => {
    const e = renderError(chart({ "templates/t.yaml": "{{ range 1000000 }}0123456789{{ end }}" }), { limits: { maxOutputChars: 10000 } });
    expect(e.kind).toBe("limit");
    expect(e.message).toBe('c/templates/t.yaml:1:19\n  executing "c/templates/t.yaml" at <0123456789>:\n    rendered output is larger than the limit of 10000 characters');
  });

  it("turns unbounded {{template}} recursion into a clean error", () => {
    const t = { "templates/t.yaml": '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}' };
    expect(renderError(chart(t), { limits: { maxTemplateDepth: 50 } }).message).toBe(
      'c/templates/t.yaml:1:28\n  executing "r" at <{{template "r" .}}>:\n    exceeded maximum template depth (50)',
    );
    const deep = renderError(chart(t));
    expect(deep.kind).toBe("limit");
    expect(deep.message).toContain("too deep");
  });

  it("turns mutual include recursion past the JavaScript stack into a clean error", () => {
    const e = renderError(
      chart({ "templates/_h.tpl": '{{ define "a" }}{{ include "b" . }}{{ end }}{{ define "b" }}{{ include "a" . }}{{ end }}', "templates/t.yaml": '{{ include "a" . }}' }),
    );
    expect(e.kind).toBe("limit");
  });

  it("turns absurdly nested input into a clean error, in files and in tpl", () => {
    const nested = "{{ " + "(".repeat(50000) + "1" + ")".repeat(50000) + " }}";
    expect(renderError(chart({ "templates/t.yaml": nested })).kind).toBe("limit");
    const viaTpl = renderError(chart({ "templates/t.yaml": "{{ tpl .Values.t . }}" }, { values: new GoMap([["t", nested]]) }));
    expect(viaTpl.kind).toBe("limit");
  });

  it("reproduces Helm's include nesting limit", () => {
    const e = renderError(chart({ "templates/_h.tpl": '{{ define "rec" }}{{ include "rec" . }}{{ end }}', "templates/t.yaml": '{{ include "rec" . }}' }), {
      limits: { maxIncludeDepth: 20 },
    });
    expect(e.message.endsWith("error calling include: rendering template has a nested reference name: rec: unable to execute template")).toBe(true);
    expect(e.message.split("error calling include").length - 1).toBe(22);
  });

  it("fails huge until loops with a clear error", () => {
    const e = renderError(chart({ "templates/t.yaml": "{{ range until 100000000000 }}{{ end }}" }));
    expect(e.kind).toBe("exec");
    expect(e.message).toContain("error calling until");
  });
});
