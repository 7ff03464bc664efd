/**
 * A tiny evaluator for single template expressions (`f "a" 1 (g 2) | h`, `(semver "1.2.3").Major`) that calls
 * the function table directly, so recorded helm outputs can be replayed without the template engine.
 */
import { sprintf } from "@/lib/template/fmt";
import { GoInt, type GoStruct, type GoValue } from "@/lib/template/value";
import { call } from "./call";

/** Go string literal escapes. */
function unquoteGo(body: string): string {
  return body.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, e: string) => {
    if (e[0] === "U" || e[0] === "u" || e[0] === "x") return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"' } as Record<string, string>)[e] ?? e;
  });
}

export function evaluate(src: string): GoValue {
  let i = 0;
  const ws = () => { while (src[i] === " ") i++; };
  const operand = (): { value: GoValue; fn?: string } => {
    ws();
    const c = src[i];
    let v: GoValue;
    if (c === "(") { i++; v = pipeline(); ws(); i++; }
    else if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      v = unquoteGo(src.slice(i + 1, j)); i = j + 1;
    } else if (c === "'") { const ch = [...src.slice(i + 1)][0]; i += 2 + ch.length; v = new GoInt(ch.codePointAt(0)!, "int"); }
    else {
      let tok = "";
      while (i < src.length && !" )|".includes(src[i])) tok += src[i++];
      if (tok === "nil") v = null;
      else if (tok === "true") v = true;
      else if (tok === "false") v = false;
      else if (/^-?\d+$/.test(tok) || /^-?0x[0-9a-f]+$/i.test(tok)) v = new GoInt(Number(tok), "int");
      else if (/^-?[\d.]+(e[+-]?\d+)?$/i.test(tok)) v = Number(tok);
      else return { value: null, fn: tok };
    }
    if (src[i] === ".") {
      i++;
      let name = "";
      while (/[A-Za-z]/.test(src[i] ?? "")) name += src[i++];
      return { value: v, fn: "." + name };
    }
    return { value: v };
  };
  const command = (piped?: GoValue[]): GoValue => {
    const first = operand();
    const args: GoValue[] = [];
    ws();
    while (i < src.length && src[i] !== ")" && src[i] !== "|") { args.push(operand().value); ws(); }
    if (piped) args.push(...piped);
    if (first.fn?.startsWith(".")) {
      const m = (first.value as GoStruct).method(first.fn.slice(1))!;
      return m(...args);
    }
    // printf is a Go builtin, but its engine is this library's sprintf.
    if (first.fn === "printf") return sprintf(args[0] as string, args.slice(1));
    if (first.fn) return call(first.fn, ...args);
    return first.value;
  };
  const pipeline = (): GoValue => {
    let v = command();
    ws();
    while (src[i] === "|") { i++; v = command([v]); ws(); }
    return v;
  };
  return pipeline();
}

