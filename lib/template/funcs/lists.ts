/**
 * Sprig's list functions. They accept any slice or array by reflection ([]interface{}, []string, []byte, …),
 * return new []interface{} values, and report a non-list with "Cannot <op> on type <kind>": the plain
 * variants panic with it and the must* variants return it, which the template shows the same way.
 */
import { goKindName, goSlice, sliceElemType, type GoValue } from "../value";
import { deepEqual, isEmpty, isList, listItems, toInt64 } from "./convert";
import { fn, intArg, variadicFn } from "./define";
import { FuncError, type FunctionTable, type TemplateFunction } from "./types";

const NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference";

/** The elements of a list argument; Sprig calls reflect.TypeOf(list).Kind(), which dereferences nil. */
function itemsOf(list: GoValue, message: (kind: string) => string): GoValue[] {
  if (list === null) throw new FuncError(NIL_DEREFERENCE);
  if (!isList(list)) throw new FuncError(message(goKindName(list)));
  return listItems(list);
}

const cannot = (op: string) => (kind: string) => `Cannot ${op} on type ${kind}`;

function uniq(items: GoValue[]): GoValue[] {
  const out: GoValue[] = [];
  for (const item of items) if (!out.some((o) => deepEqual(o, item))) out.push(item);
  return out;
}

function chunk(size: number, items: GoValue[]): GoValue {
  if (size <= 0) throw new FuncError("runtime error: makeslice: len out of range");
  const chunks: GoValue[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(goSlice(items.slice(i, i + size)));
  return goSlice(chunks, "[]interface {}");
}

/** Sprig's slice: reflect.Value.Slice keeps the list's own type; an empty list gives nil. */
function sliceList(list: GoValue, indices: GoValue[]): GoValue {
  if (list === null) throw new FuncError(NIL_DEREFERENCE);
  if (!isList(list)) throw new FuncError(`list should be type of slice or array but ${goKindName(list)}`);
  const length = list.length;
  if (length === 0) return null;
  const start = indices.length > 0 ? toInt64(indices[0]) : 0;
  const end = indices.length >= 2 ? toInt64(indices[1]) : length;
  if (start < 0 || end < start || end > length) throw new FuncError("reflect.Value.Slice: slice index out of bounds");
  if (list instanceof Uint8Array) return list.slice(start, end);
  return goSlice(list.slice(start, end), sliceElemType(list));
}

/** A list operation with its plain (panicking) and must (error-returning) names; both report the same text. */
function both(name: string, mustName: string, f: TemplateFunction): FunctionTable {
  return { [name]: f, [mustName]: f };
}

export function listFunctions(): FunctionTable {
  const one = (op: string, f: (items: GoValue[]) => GoValue) => fn(["interface {}"], ([l]) => f(itemsOf(l, cannot(op))));
  return {
    list: variadicFn([], "interface {}", (args) => goSlice([...args])),
    tuple: variadicFn([], "interface {}", (args) => goSlice([...args])),
    ...both("append", "mustAppend", fn(["interface {}", "interface {}"], ([l, v]) => goSlice([...itemsOf(l, cannot("push")), v]))),
    ...both("push", "mustPush", fn(["interface {}", "interface {}"], ([l, v]) => goSlice([...itemsOf(l, cannot("push")), v]))),
    ...both("prepend", "mustPrepend", fn(["interface {}", "interface {}"], ([l, v]) => goSlice([v, ...itemsOf(l, cannot("prepend"))]))),
    ...both("first", "mustFirst", one("find first", (items) => (items.length ? items[0] : null))),
    ...both("last", "mustLast", one("find last", (items) => (items.length ? items[items.length - 1] : null))),
    ...both("rest", "mustRest", one("find rest", (items) => goSlice(items.slice(1)))),
    ...both("initial", "mustInitial", one("find initial", (items) => goSlice(items.slice(0, -1)))),
    ...both("reverse", "mustReverse", one("find reverse", (items) => goSlice([...items].reverse()))),
    ...both("uniq", "mustUniq", one("find uniq", (items) => goSlice(uniq(items)))),
    ...both("compact", "mustCompact", one("compact", (items) => goSlice(items.filter((i) => !isEmpty(i))))),
    ...both(
      "without",
      "mustWithout",
      variadicFn(["interface {}"], "interface {}", ([l, ...omit]) =>
        goSlice(itemsOf(l, cannot("find without")).filter((i) => !omit.some((o) => deepEqual(o, i)))),
      ),
    ),
    ...both(
      "has",
      "mustHas",
      fn(["interface {}", "interface {}"], ([needle, haystack]) => {
        if (haystack === null) return false;
        return itemsOf(haystack, cannot("find has")).some((i) => deepEqual(needle, i));
      }),
    ),
    ...both("slice", "mustSlice", variadicFn(["interface {}"], "interface {}", ([l, ...idx]) => sliceList(l, idx))),
    ...both(
      "chunk",
      "mustChunk",
      fn(["int", "interface {}"], ([size, l]) => chunk(intArg(size), itemsOf(l, (kind) => `Cannot chunk type ${kind}`))),
    ),
    concat: variadicFn([], "interface {}", (lists) =>
      goSlice(lists.flatMap((l) => itemsOf(l, (kind) => `Cannot concat type ${kind} as list`))),
    ),
  };
}

