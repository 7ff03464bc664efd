/**
 * The executor: walks a parsed tree with one state value (output, variable stack, current node) and evaluates
 * pipelines with Go's rules: typed parameters and untyped-constant conversion, missingkey=zero, nil versus
 * "no value", field and method access, short-circuit and/or, range over slices, maps (sorted keys) and ints.
 *
 * One detail of Go's reflection is observable and modelled here: a value read out of a map[string]interface{}
 * (or a slice of interface{}) is a *typed* interface slot. A nil found there makes `.x` on it an error
 * ("nil pointer evaluating interface {}.x") and is reported as "got interface {}" by typed parameters, whereas a
 * nil coming out of a pipeline is an untyped "no value". The evaluation functions report that through
 * `lastIface`, a register read right after the call, so no wrapper objects are allocated on the hot path.
 *
 * Every error is raised by `errorf`, which formats Go's location and context.
 */
import { GoInt, GoMap, goTypeName, isGoStruct, sliceElemType, type GoSlice, type GoValue } from "../value";
import type { FuncContext, GoParamType, TemplateFunction } from "../funcs/types";
import { formatValue, compareBytewise } from "../fmt";
import { ExecError, LimitError } from "../errors";
import { locationOf } from "../parse/position";
import { goQuote } from "../parse/quote";
import {
  NodeType,
  nodeText,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from "../parse/nodes";
import type { Tree } from "../parse/parser";
import type { TemplateSet } from "./template-set";
import {
  assignable,
  canBeNil,
  GoComplex,
  isMapLike,
  isSliceLike,
  mapHoldsInterfaces,
  mapZeroValue,
  printV,
  truth,
  type TypedMethod,
} from "./reflect";
import type { Budget } from "./budget";
import { BUILTINS, callBuiltin } from "../builtins";

/** Marks "no final value from a previous pipeline stage" (Go's missingVal). */
const MISSING: unique symbol = Symbol("missing");
type Final = GoValue | typeof MISSING;

/** How a walk ended: normally, or by {{break}} / {{continue}} travelling up to the enclosing range. */
const enum Flow {
  Normal,
  Break,
  Continue,
}

/** Everything an execution needs besides the tree and the data. */
export interface ExecEnv {
  readonly set: TemplateSet;
  readonly funcContext: FuncContext;
  readonly budget: Budget;
  /** missingkey=error instead of missingkey=zero. */
  readonly missingKeyError: boolean;
}

/** Output shared by a template and the templates it calls with {{template}}. */
interface Output {
  text: string;
}

/** Executes `tree` with `data` as dot and `$`; returns the output. Throws ExecError or LimitError. */
export function executeTree(env: ExecEnv, tree: Tree, data: GoValue): string {
  return new State(env, tree, { text: "" }, 0).execute(data);
}

/**
 * A ready execution of `tree`, for callers that recurse (include): calling `.execute(data)` from their own frame
 * keeps one JavaScript frame per nesting level off the stack compared with executeTree.
 */
export function prepareExecution(env: ExecEnv, tree: Tree): { execute(data: GoValue): string } {
  return new State(env, tree, { text: "" }, 0);
}

/**
 * The variables of every running execution. Executions nest strictly (a called template or include runs to its end
 * before its caller goes on), so they share one stack and allocate nothing per call: each execution's variables sit
 * above the height it started at, and it leaves the stack at that height however it ends.
 */
const vars = { names: [] as string[], values: [] as GoValue[], ifaces: [] as boolean[], top: 0 };

class State {
  node: Node | null = null;
  /** Where this execution's variables start on the shared stack. */
  private base = 0;
  /** Whether the value the last evaluation returned sits in an interface{} slot (see the module comment). */
  private lastIface = false;

  constructor(
    private readonly env: ExecEnv,
    private readonly tmpl: Tree,
    private readonly out: Output,
    private readonly depth: number,
  ) {}

  // --- errors ---------------------------------------------------------------------------------------------------

  private at(n: Node): void {
    this.node = n;
  }

  private errorf(detail: string, cause?: Error): never {
    const n = this.node ?? this.tmpl.root;
    const { line, column } = locationOf(n.tree.text, n.pos);
    throw new ExecError(this.tmpl.name, n.tree.parseName, line, column, nodeText(n), detail, cause);
  }

  /** A budget limit reached while `n` ran, placed there as errorf would place an error (an inner placement stays). */
  private placeLimit(e: LimitError, n: Node | null): LimitError {
    if (!e.placeable || e.location !== undefined) return e;
    const at = n ?? this.tmpl.root;
    const { line, column } = locationOf(at.tree.text, at.pos);
    return e.placedAt({ templateName: this.tmpl.name, file: at.tree.parseName, line, column, context: nodeText(at) });
  }

  // --- variables ------------------------------------------------------------------------------------------------

  private pushVar(name: string, value: GoValue, iface: boolean): void {
    const i = vars.top++;
    vars.names[i] = name;
    vars.values[i] = value;
    vars.ifaces[i] = iface;
  }

  private mark(): number {
    return vars.top;
  }

  private pop(mark: number): void {
    vars.top = mark;
  }

  private setTopVar(n: number, value: GoValue, iface: boolean): void {
    const i = vars.top - n;
    vars.values[i] = value;
    vars.ifaces[i] = iface;
  }

  private setVar(name: string, value: GoValue, iface: boolean): void {
    for (let i = vars.top - 1; i >= this.base; i--) {
      if (vars.names[i] === name) {
        vars.values[i] = value;
        vars.ifaces[i] = iface;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): GoValue {
    for (let i = vars.top - 1; i >= this.base; i--) {
      if (vars.names[i] === name) {
        this.lastIface = vars.ifaces[i];
        return vars.values[i];
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // --- walking --------------------------------------------------------------------------------------------------

  private write(s: string): void {
    this.out.text += s;
    this.env.budget.wrote(s.length);
  }

  /**
   * Runs the template with `data` as dot and `$`. The body's top-level actions are evaluated right here rather
   * than through walk(): includes recurse through this path, and each saved frame buys recursion depth.
   */
  execute(data: GoValue): string {
    this.base = vars.top;
    this.pushVar("$", data, false);
    const nodes = this.tmpl.root.nodes;
    try {
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i];
        if (n.type === NodeType.Action) {
          this.at(n);
          const val = this.evalPipeline(data, false, n.pipe);
          if (n.pipe.decl.length === 0) this.printValue(n, val);
        } else {
          this.walk(data, false, n);
        }
      }
    } catch (e) {
      // A limit reached in this template (a range's step, a write) is placed at the node that was running.
      if (e instanceof LimitError) throw this.placeLimit(e, this.node);
      throw e;
    } finally {
      vars.top = this.base;
      // The outermost execution lets go of everything its variables held.
      if (this.base === 0) vars.values.length = 0;
    }
    return this.out.text;
  }

  walk(dot: GoValue, dotIface: boolean, node: Node): Flow {
    this.at(node);
    switch (node.type) {
      case NodeType.Action: {
        const val = this.evalPipeline(dot, dotIface, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return Flow.Normal;
      }
      case NodeType.Text:
        this.write(node.text);
        return Flow.Normal;
      case NodeType.List: {
        const nodes = node.nodes;
        for (let i = 0; i < nodes.length; i++) {
          const f = this.walk(dot, dotIface, nodes[i]);
          if (f !== Flow.Normal) return f;
        }
        return Flow.Normal;
      }
      case NodeType.If:
      case NodeType.With: {
        // Inlined (not a helper) to keep include recursion shallow on the JavaScript stack.
        const mark = vars.top;
        const val = this.evalPipeline(dot, dotIface, node.pipe);
        let flow = Flow.Normal;
        if (truth(val)) {
          flow = node.type === NodeType.With ? this.walk(val, false, node.list) : this.walk(dot, dotIface, node.list);
        } else if (node.elseList !== null) {
          flow = this.walk(dot, dotIface, node.elseList);
        }
        this.pop(mark);
        return flow;
      }
      case NodeType.Range:
        this.walkRange(node, dot, dotIface);
        return Flow.Normal;
      case NodeType.Template:
        this.walkTemplate(node, dot, dotIface);
        return Flow.Normal;
      case NodeType.Break:
        return Flow.Break;
      case NodeType.Continue:
        return Flow.Continue;
      case NodeType.Comment:
        return Flow.Normal;
    }
    this.errorf(`unknown node: ${nodeText(node)}`);
  }

  private printValue(n: Node, v: GoValue): void {
    this.at(n);
    if (typeof v === "string") this.write(v);
    else if (v === null) this.write("<no value>");
    else this.write(formatValue(v));
  }

  /** Each iteration is a step of the budget; a limit reached between iterations is placed at the range. */
  private walkRange(r: BranchNode, dot: GoValue, dotIface: boolean): void {
    this.at(r);
    const mark = this.mark();
    const val = this.evalPipeline(dot, dotIface, r.pipe);
    const bodyMark = this.mark();
    const budget = this.env.budget;
    let ran = false;
    if (Array.isArray(val)) {
      const elemIface = sliceElemType(val as GoSlice) === "interface {}";
      for (let i = 0; i < val.length; i++) {
        ran = true;
        this.node = r;
        budget.tick();
        if (this.iterate(r, bodyMark, goInt(i), val[i], elemIface) === Flow.Break) break;
      }
    } else if (val instanceof GoMap) {
      const iface = mapHoldsInterfaces(val);
      const keys = Array.from(val.keys()).sort(compareBytewise);
      for (const k of keys) {
        ran = true;
        this.node = r;
        budget.tick();
        if (this.iterate(r, bodyMark, k, val.get(k)!, iface) === Flow.Break) break;
      }
    } else if (val instanceof GoInt) {
      if (r.pipe.decl.length > 1) this.errorf(`can't use ${printV(val)} to iterate over more than one variable`);
      for (let i = 0; i < val.value; i++) {
        ran = true;
        this.node = r;
        budget.tick();
        if (this.iterate(r, bodyMark, null, val.kind === "int" ? goInt(i) : new GoInt(i, val.kind), false) === Flow.Break) break;
      }
    } else if (val instanceof Uint8Array) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        this.node = r;
        budget.tick();
        if (this.iterate(r, bodyMark, goInt(i), new GoInt(val[i], "uint8"), false) === Flow.Break) break;
      }
    } else if (isMapLike(val)) {
      const entries = val.mapEntries().sort((a, b) => compareBytewise(a[0], b[0]));
      for (const [k, v] of entries) {
        ran = true;
        this.node = r;
        budget.tick();
        if (this.iterate(r, bodyMark, k, v, false) === Flow.Break) break;
      }
    } else if (isSliceLike(val)) {
      const items = val.sliceItems();
      for (let i = 0; i < items.length; i++) {
        ran = true;
        this.node = r;
        budget.tick();
        if (this.iterate(r, bodyMark, goInt(i), items[i], false) === Flow.Break) break;
      }
    } else if (val !== null) {
      this.errorf(`range can't iterate over ${printV(val)}`);
    }
    if (!ran && r.elseList !== null) this.walk(dot, dotIface, r.elseList);
    this.pop(mark);
  }

  /** One range iteration: set the declared variables, walk the body, drop the body's variables. */
  private iterate(r: BranchNode, bodyMark: number, index: GoValue, elem: GoValue, elemIface: boolean): Flow {
    const decl = r.pipe.decl;
    if (decl.length > 0) {
      if (r.pipe.isAssign) {
        // With two variables the index comes first; with one, it gets the element.
        if (decl.length > 1) this.setVar(decl[0].ident[0], index, false);
        else this.setVar(decl[0].ident[0], elem, elemIface);
      } else {
        this.setTopVar(1, elem, elemIface);
      }
    }
    if (decl.length > 1) {
      if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem, elemIface);
      else this.setTopVar(2, index, false);
    }
    const flow = this.walk(elem, elemIface, r.list);
    this.pop(bodyMark);
    return flow;
  }

  private walkTemplate(t: TemplateNode, dot: GoValue, dotIface: boolean): void {
    this.at(t);
    const tree = this.env.set.lookup(t.name);
    if (tree === undefined) this.errorf(`template ${goQuote(t.name)} not defined`);
    const maxDepth = this.env.budget.maxTemplateDepth;
    if (this.depth >= maxDepth) this.errorf(`exceeded maximum template depth (${maxDepth})`);
    const newDot = this.evalPipeline(dot, dotIface, t.pipe);
    // Called templates see no variables of the caller, only `$` bound to their dot.
    new State(this.env, tree, this.out, this.depth + 1).execute(newDot);
  }

  // --- evaluation -----------------------------------------------------------------------------------------------

  private evalPipeline(dot: GoValue, dotIface: boolean, pipe: PipeNode | null): GoValue {
    if (pipe === null) return null;
    this.at(pipe);
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      // Function calls, the common case, skip evalCommand: one JavaScript frame less per include level.
      const cmd = cmds[i];
      const first = cmd.args[0];
      if (first.type === NodeType.Identifier) {
        this.at(first);
        const fn = this.resolveFunction(first);
        if (fn === undefined) this.errorf(`${goQuote(first.ident)} is not a defined function`);
        value = this.evalCall(dot, dotIface, fn, cmd, first.ident, cmd.args, value);
      } else {
        value = this.evalCommand(dot, dotIface, cmd, value);
      }
    }
    const result = value === MISSING ? null : value;
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i].ident[0], result, false);
      else this.pushVar(decl[i].ident[0], result, false);
    }
    this.lastIface = false; // a pipeline's result is the concrete value, never an interface slot
    return result;
  }

  private notAFunction(args: Node[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeText(args![0])}`);
    }
  }

  private evalCommand(dot: GoValue, dotIface: boolean, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.type) {
      case NodeType.Field:
        return this.evalFieldNode(dot, dotIface, first, cmd.args, final);
      case NodeType.Chain:
        return this.evalChainNode(dot, dotIface, first, cmd.args, final);
      case NodeType.Identifier:
        return this.evalFunction(dot, dotIface, first, cmd, cmd.args, final);
      case NodeType.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotIface, first);
      case NodeType.Variable:
        return this.evalVariableNode(dot, dotIface, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case NodeType.Bool:
        return first.value;
      case NodeType.Dot:
        return dot;
      case NodeType.Nil:
        this.errorf("nil is not a command");
      case NodeType.Number:
        return this.idealConstant(first);
      case NodeType.String:
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeText(first))}`);
  }

  private idealConstant(c: NumberNode): GoValue {
    this.at(c);
    if (c.isComplex) return new GoComplex(c.float64, c.imag);
    if (c.isFloat && !isHexInt(c.text) && !isRuneInt(c.text) && hasAnyOf(c.text, ".eEpP")) return c.float64;
    if (c.isInt) return goInt(Number(c.int64));
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return null;
  }

  private evalFieldNode(dot: GoValue, dotIface: boolean, field: FieldNode, args: Node[] | null, final: Final): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, dotIface, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: GoValue, dotIface: boolean, chain: ChainNode, args: Node[] | null, final: Final): GoValue {
    this.at(chain);
    if (chain.node.type === NodeType.Nil) this.errorf(`indirection through explicit nil in ${nodeText(chain)}`);
    const head = this.evalArg(dot, dotIface, "interface {}", chain.node);
    return this.evalFieldChain(dot, head, false, chain, chain.fields, 0, args, final);
  }

  private evalVariableNode(dot: GoValue, dotIface: boolean, v: VariableNode, args: Node[] | null, final: Final): GoValue {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, this.lastIface, v, v.ident, 1, args, final);
  }

  private evalFieldChain(
    dot: GoValue,
    receiver: GoValue,
    receiverIface: boolean,
    node: Node,
    ident: readonly string[],
    start: number,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    const last = ident.length - 1;
    let r = receiver;
    let ri = receiverIface;
    for (let i = start; i < last; i++) {
      r = this.evalField(dot, ident[i], node, null, MISSING, r, ri);
      ri = this.lastIface;
    }
    return this.evalField(dot, ident[last], node, args, final, r, ri);
  }

  private evalField(
    dot: GoValue,
    name: string,
    node: Node,
    args: Node[] | null,
    final: Final,
    receiver: GoValue,
    receiverIface: boolean,
  ): GoValue {
    if (receiver === null) {
      if (receiverIface) this.errorf(`nil pointer evaluating interface {}.${name}`);
      if (this.env.missingKeyError) this.errorf(`nil data; no entry for key ${goQuote(name)}`);
      this.lastIface = false;
      return null;
    }
    // Maps first: they are by far the most common receiver, and Go map types here have no methods.
    if (receiver instanceof GoMap) {
      if ((args !== null && args.length > 1) || final !== MISSING) this.errorf(`${name} is not a method but has arguments`);
      const v = receiver.get(name);
      this.lastIface = mapHoldsInterfaces(receiver);
      if (v !== undefined) return v;
      if (this.env.missingKeyError) this.errorf(`map has no entry for key ${goQuote(name)}`);
      return mapZeroValue(receiver);
    }
    if (isGoStruct(receiver)) {
      const method = receiver.method(name);
      if (method !== undefined) {
        const v = this.evalCall(dot, false, methodAsFunction(method as TypedMethod), node, name, args, final);
        this.lastIface = false;
        return v;
      }
    }
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (isGoStruct(receiver)) {
      const f = receiver.field(name);
      if (f !== undefined) {
        if (hasArgs) {
          if (receiver.goKind === "map") this.errorf(`${name} is not a method but has arguments`);
          this.errorf(`${name} has arguments but cannot be invoked as function`);
        }
        this.lastIface = false;
        return f;
      }
    }
    this.errorf(`can't evaluate field ${name} in type ${receiverIface ? "interface {}" : goTypeName(receiver)}`);
  }

  private evalFunction(
    dot: GoValue,
    dotIface: boolean,
    node: IdentifierNode,
    cmd: Node,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    this.at(node);
    const fn = this.resolveFunction(node);
    if (fn === undefined) this.errorf(`${goQuote(node.ident)} is not a defined function`);
    const v = this.evalCall(dot, dotIface, fn, cmd, node.ident, args, final);
    this.lastIface = false;
    return v;
  }

  /**
   * The function an identifier names in this template set, remembered on the node for the next call: for all sets
   * of the root when the name resolves alike in all of them (every render clones the same library), else for this
   * set only (include and tpl are bound per render and per tpl call).
   */
  private resolveFunction(node: IdentifierNode): TemplateFunction | undefined {
    const set = this.env.set;
    const cached = node.cachedSet;
    if (cached === set || cached === set.root) return node.cachedFn;
    const fn = set.findFunction(node.ident);
    node.cachedSet = set.resolvesAlike(node.ident) ? set.root : set;
    node.cachedFn = fn;
    return fn;
  }

  /**
   * Calls a function or method: checks the argument count, evaluates and converts arguments, wraps its error.
   * Kept small on purpose (argument work lives in evalArgs): this frame stays on the stack while an include
   * runs, so its size limits how deep includes can recurse.
   */
  private evalCall(
    dot: GoValue,
    dotIface: boolean,
    fn: TemplateFunction,
    node: Node,
    name: string,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    if (fn === BUILTINS.and || fn === BUILTINS.or) return this.evalAndOr(dot, dotIface, fn, name, args, final);
    const argv = this.evalArgs(dot, dotIface, fn, name, args, final);
    const budget = this.env.budget;
    budget.tick();
    try {
      const read = budget.calling(argv);
      const result = fn === BUILTINS.call ? this.callBuiltinCall(args, final, argv) : fn.call(this.env.funcContext, argv);
      // A function that returns nothing gives Go's nil rather than a JavaScript undefined loose in the engine.
      if (result === undefined) return null;
      budget.called(argv, read, result, fn.slow === true);
      return result;
    } catch (e) {
      return this.callFailed(e, node, name);
    }
  }

  private checkArgCount(fn: TemplateFunction, name: string, numArgs: number, numIn: number): void {
    if (fn.variadic !== undefined) {
      if (numIn < fn.params.length) this.errorf(`wrong number of args for ${name}: want at least ${fn.params.length} got ${numArgs}`);
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }
  }

  /** Builtin and/or: return the deciding operand itself and skip evaluating the rest. */
  private evalAndOr(dot: GoValue, dotIface: boolean, fn: TemplateFunction, name: string, args: Node[] | null, final: Final): GoValue {
    const numArgs = args === null ? 0 : args.length - 1;
    this.checkArgCount(fn, name, numArgs, numArgs + (final !== MISSING ? 1 : 0));
    const wantTruth = name === "or";
    let v: GoValue = null;
    for (let i = 1; i <= numArgs; i++) {
      v = this.evalArg(dot, dotIface, "reflect.Value", args![i]);
      if (truth(v) === wantTruth) return v;
    }
    if (final !== MISSING) v = final;
    return v;
  }

  /** Evaluates a call's arguments against the function's parameter types; the piped value comes last. */
  private evalArgs(dot: GoValue, dotIface: boolean, fn: TemplateFunction, name: string, args: Node[] | null, final: Final): GoValue[] {
    const numArgs = args === null ? 0 : args.length - 1;
    const hasFinal = final !== MISSING;
    const numIn = numArgs + (hasFinal ? 1 : 0);
    this.checkArgCount(fn, name, numArgs, numIn);
    const params = fn.params;
    const variadic = fn.variadic;
    const numFixed = variadic !== undefined ? params.length : numArgs;
    const argv: GoValue[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < numArgs; i++) argv[i] = this.evalArg(dot, dotIface, params[i], args![i + 1]);
    if (variadic !== undefined) {
      for (; i < numArgs; i++) argv[i] = this.evalArg(dot, dotIface, variadic, args![i + 1]);
    }
    if (hasFinal) {
      let t: GoParamType;
      if (variadic !== undefined) t = numIn - 1 < numFixed ? params[numIn - 1] : variadic;
      else t = params[params.length - 1];
      argv[i] = this.validateType(final as GoValue, false, t);
    }
    return argv;
  }

  /** The `call` builtin; Go names the callee by its source text in call's errors. */
  private callBuiltinCall(args: Node[] | null, final: Final, argv: GoValue[]): GoValue {
    const calleeName = args !== null && args.length > 1 ? nodeText(args[1]) : formatValue(final as GoValue);
    return callBuiltin(calleeName, argv[0]);
  }

  /** A function returned an error or panicked: Go reports `error calling <name>: <error>` at the call. */
  private callFailed(e: unknown, node: Node, name: string): never {
    if (e instanceof LimitError) throw this.placeLimit(e, node);
    if (isStackOverflow(e)) throw stackLimitError();
    this.at(node);
    this.errorf(`error calling ${name}`, e instanceof Error ? e : new Error(String(e)));
  }

  /** Go's validateType: nil handling and assignability to a declared parameter type. */
  private validateType(value: GoValue, iface: boolean, t: GoParamType): GoValue {
    if (value === null) {
      if (canBeNil(t)) return null;
      if (iface) this.errorf(`wrong type for value; expected ${t}; got interface {}`);
      this.errorf(`invalid value; expected ${t}`);
    }
    if (assignable(value, t)) return value;
    this.errorf(`wrong type for value; expected ${t}; got ${goTypeName(value)}`);
  }

  /** Evaluates one argument for a parameter of type t; untyped literals are converted to t. */
  private evalArg(dot: GoValue, dotIface: boolean, t: GoParamType, n: Node): GoValue {
    this.at(n);
    switch (n.type) {
      case NodeType.Dot:
        return this.validateType(dot, dotIface, t);
      case NodeType.Nil:
        if (canBeNil(t)) return null;
        this.errorf(`cannot assign nil to ${t}`);
      case NodeType.Field: {
        const v = this.evalFieldNode(dot, dotIface, n, null, MISSING);
        return this.validateType(v, this.lastIface, t);
      }
      case NodeType.Variable: {
        const v = this.evalVariableNode(dot, dotIface, n, null, MISSING);
        return this.validateType(v, this.lastIface, t);
      }
      case NodeType.Pipe:
        return this.validateType(this.evalPipeline(dot, dotIface, n), false, t);
      case NodeType.Identifier:
        return this.validateType(this.evalFunction(dot, dotIface, n, n, null, MISSING), false, t);
      case NodeType.Chain: {
        const v = this.evalChainNode(dot, dotIface, n, null, MISSING);
        return this.validateType(v, this.lastIface, t);
      }
    }
    switch (t) {
      case "bool":
        if (n.type === NodeType.Bool) return n.value;
        this.errorf(`expected bool; found ${nodeText(n)}`);
      case "float64":
        if (n.type === NodeType.Number && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeText(n)}`);
      case "int":
      case "int64":
        if (n.type === NodeType.Number && n.isInt) return new GoInt(Number(n.int64), t);
        this.errorf(`expected integer; found ${nodeText(n)}`);
      case "uint32":
        if (n.type === NodeType.Number && n.isUint) return new GoInt(Number(n.uint64), t);
        this.errorf(`expected unsigned integer; found ${nodeText(n)}`);
      case "string":
        if (n.type === NodeType.String) return n.text;
        this.errorf(`expected string; found ${nodeText(n)}`);
      case "interface {}":
      case "reflect.Value":
        return this.evalEmptyInterface(n);
    }
    this.errorf(`can't handle ${nodeText(n)} for arg of type ${t}`);
  }

  /** An untyped literal passed where any value is accepted. */
  private evalEmptyInterface(n: Node): GoValue {
    this.at(n);
    switch (n.type) {
      case NodeType.Bool:
        return n.value;
      case NodeType.Number:
        return this.idealConstant(n);
      case NodeType.String:
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeText(n)} to empty interface argument`);
  }
}

/** GoInt values are immutable, so the small ones that range indices and literals produce are shared. */
const SMALL_INTS: GoInt[] = Array.from({ length: 1024 }, (_, i) => new GoInt(i));

function goInt(i: number): GoInt {
  return i >= 0 && i < 1024 ? SMALL_INTS[i] : new GoInt(i);
}

/** A struct method seen as a template function; built once per method. */
const methodFunctions = new WeakMap<TypedMethod, TemplateFunction>();

function methodAsFunction(m: TypedMethod): TemplateFunction {
  let f = methodFunctions.get(m);
  if (f === undefined) {
    // Without a declared signature any argument list is passed through unchecked.
    f = { params: m.params ?? [], variadic: m.params === undefined ? "interface {}" : m.variadic, call: (_ctx, a) => m(...a) };
    methodFunctions.set(m, f);
  }
  return f;
}

function hasAnyOf(s: string, chars: string): boolean {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i])) return true;
  return false;
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === "0" && (s[1] === "x" || s[1] === "X") && !hasAnyOf(s, "pP");
}

function isRuneInt(s: string): boolean {
  return s.length > 0 && s[0] === "'";
}

/**
 * Whether an exception is the engine's stack overflow. Deliberately free of regular expressions: V8 may compile
 * or tier up a RegExp here, with the stack nearly exhausted, and that aborts the whole process.
 */
export function isStackOverflow(e: unknown): boolean {
  if (!(e instanceof RangeError)) return false;
  const m = e.message;
  return m.includes("call stack") || m.includes("too much recursion");
}

export function stackLimitError(): LimitError {
  return new LimitError("template recursion is too deep: the JavaScript call stack is exhausted");
}
