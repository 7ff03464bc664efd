import { describe, expect, it } from "vitest";
import { BUILTINS } from "@/lib/template/builtins";
import { TemplateSet } from "@/lib/template/exec/template-set";
import type { TemplateFunction } from "@/lib/template/funcs/types";

const constant = (v: string): TemplateFunction => ({ params: [], call: () => v });

describe("template sets", () => {
  it("let clones rebind only the root's bindable names, and say which names resolve alike in all its sets", () => {
    const root = new TemplateSet("gotpl", { a: constant("a"), b: constant("b") }, BUILTINS, undefined, ["b"]);
    const clone = root.clone({ b: constant("b2") });
    expect(clone.root).toBe(root);
    expect(clone.clone({}).root).toBe(root);
    expect(clone.findFunction("b")?.call({} as never, [])).toBe("b2");
    expect(clone.findFunction("a")).toBe(root.findFunction("a"));
    expect([clone.resolvesAlike("a"), clone.resolvesAlike("b"), clone.resolvesAlike("printf")]).toEqual([true, false, true]);
    expect(() => root.clone({ a: constant("a2") })).toThrow("template set: a is not bound per clone");
  });

  it("without bindable names, let clones rebind any name and claim no name resolves alike", () => {
    const root = new TemplateSet("gotpl", { a: constant("a") }, BUILTINS);
    expect(root.clone({ a: constant("a2") }).findFunction("a")?.call({} as never, [])).toBe("a2");
    expect(root.resolvesAlike("a")).toBe(false);
  });
});
