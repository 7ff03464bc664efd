import { describe, expect, it } from "vitest";
import { ExecError, ParseError, WrappedError, helmExecErrorText, helmParseErrorText } from "@/lib/template";
import { FuncError } from "@/lib/template/funcs/types";

describe("Helm's renderings of template errors", () => {
  it("shortens parse errors to the location and the last segment", () => {
    const e = new ParseError("c/templates/t.yaml", 3, 4, 'bad number syntax: "-"');
    expect(e.message).toBe('template: c/templates/t.yaml:3: bad number syntax: "-"');
    expect(helmParseErrorText("c/templates/t.yaml", e)).toBe('parse error at (c/templates/t.yaml:3): "-"');
  });

  it("prints a stack when every link is a template error", () => {
    const inner = new ExecError("bad", "c/templates/_h.tpl", 5, 10, ".Values.a.b", "nil pointer evaluating interface {}.b");
    const outer = new ExecError("c/templates/t.yaml", "c/templates/t.yaml", 2, 6, 'include "bad" .', "error calling include", inner);
    expect(outer.message).toBe(
      'template: c/templates/t.yaml:2:6: executing "c/templates/t.yaml" at <include "bad" .>: error calling include: ' +
        'template: c/templates/_h.tpl:5:10: executing "bad" at <.Values.a.b>: nil pointer evaluating interface {}.b',
    );
    expect(helmExecErrorText("c/templates/t.yaml", outer)).toBe(
      'c/templates/t.yaml:2:6\n  executing "c/templates/t.yaml" at <include "bad" .>:\n    error calling include:\n' +
        'c/templates/_h.tpl:5:10\n  executing "bad" at <.Values.a.b>:\n    nil pointer evaluating interface {}.b',
    );
  });

  it("prints Go's raw text when a plain error is in the chain", () => {
    const e = new ExecError("t", "t", 1, 3, "eq 1 2.0", "error calling eq", new FuncError("incompatible types for comparison: int and float64"));
    expect(helmExecErrorText("t", e)).toBe(e.message);
    const tpl = new ExecError("t", "t", 1, 3, 'tpl "x" .', "error calling tpl", new WrappedError('error during tpl function execution for "x"', new Error("template: gotpl:1:1: boom")));
    expect(helmExecErrorText("t", tpl)).toBe(tpl.message);
  });

  it("extracts required/fail messages at the outermost location", () => {
    const inner = new ExecError("req", "c/templates/_h.tpl", 2, 3, "required", "error calling required", new FuncError("HELM_ERR_STARTneed x\nreally: yesHELM_ERR_END"));
    const outer = new ExecError("c/templates/t.yaml", "c/templates/t.yaml", 7, 9, 'include "req" .', "error calling include", inner);
    expect(helmExecErrorText("c/templates/t.yaml", outer)).toBe("execution error at (c/templates/t.yaml:7:9): need x\nreally: yes");
    expect(outer.diagnostic).toEqual({ file: "c/templates/_h.tpl", line: 2, column: 3, message: "error calling required: HELM_ERR_STARTneed x\nreally: yesHELM_ERR_END" });
  });
});
