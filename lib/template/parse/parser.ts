/**
 * The parser: turns one template text into trees of typed nodes, one tree for the text itself and one per
 * `define`/`block` inside it, as Go's text/template/parse does. Function names are checked at parse time and
 * variables are checked against the lexical scope, so both are parse errors, as in Go.
 */
import { Item, ItemType, Lexer } from "../lexer";
import { ParseError } from "../errors";
import { byteColumn } from "./position";
import { goQuote, goQuoteTruncated, goUnquote, goUnquoteChar } from "./quote";
import { readNumber, type NumberReading } from "./number";
import {
  ActionNode,
  BranchNode,
  ChainNode,
  CommandNode,
  ElseNode,
  EndNode,
  isEmptyTree,
  ListNode,
  Node,
  NodeType,
  nodeText,
  NumberNode,
  PipeNode,
  TemplateNode,
  TreeInfo,
  VariableNode,
} from "./nodes";

export interface Tree extends TreeInfo {
  /** The template's name: the file name for the file's own tree, the define's name otherwise. */
  readonly name: string;
  root: ListNode;
}

/** All trees produced by parsing one text, by template name. */
export type TreeSet = Map<string, Tree>;

export interface ParseOptions {
  /** Whether a function of this name exists (the function table plus the builtins). */
  hasFunction(name: string): boolean;
}

/** Parses `text` as the template `name`. Throws ParseError with Go's message on bad input. */
export function parseTemplate(name: string, text: string, options: ParseOptions): TreeSet {
  const treeSet: TreeSet = new Map();
  const p = new Parser(name, text, options, treeSet, new Lexer(text));
  p.parseTop();
  return treeSet;
}

/** Items that may start a command inside a pipeline. */
function startsCommand(t: ItemType): boolean {
  switch (t) {
    case ItemType.Bool:
    case ItemType.CharConstant:
    case ItemType.Complex:
    case ItemType.Dot:
    case ItemType.Field:
    case ItemType.Identifier:
    case ItemType.Number:
    case ItemType.Nil:
    case ItemType.RawString:
    case ItemType.String:
    case ItemType.Variable:
    case ItemType.LeftParen:
      return true;
  }
  return false;
}

/** Go's item.String(), used in "unexpected … in …" messages. */
function itemText(it: Item): string {
  if (it.type === ItemType.EOF) return "EOF";
  if (it.type === ItemType.Error) return it.val;
  if (it.type > ItemType.Keyword) return `<${it.val}>`;
  if (Array.from(it.val).length > 10) return goQuoteTruncated(it.val, 10) + "...";
  return goQuoteTruncated(it.val, Infinity);
}

class Parser {
  readonly parseName: string;
  /** What every node of this tree points to: the text and the name used in error locations. */
  readonly info: TreeInfo;
  private name: string;
  root: ListNode | null = null;
  /** Go's three-item look-ahead buffer; token[0] is always the item read last from the lexer. */
  private readonly token: Item[] = [];
  private peekCount = 0;
  /** Variables in scope, innermost last. */
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(
    name: string,
    readonly text: string,
    private readonly options: ParseOptions,
    private readonly treeSet: TreeSet,
    private readonly lex: Lexer,
    parseName?: string,
  ) {
    this.name = name;
    this.parseName = parseName ?? name;
    this.info = { parseName: this.parseName, text };
  }

  // --- token buffer ---------------------------------------------------------------------------------------------

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.type === ItemType.Space);
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors ---------------------------------------------------------------------------------------------------

  private errorf(message: string): never {
    const last = this.token[0];
    const line = last ? last.line : 1;
    const column = last ? byteColumn(this.text, last.pos) : 0;
    throw new ParseError(this.parseName, line, column, message);
  }

  private expect(expected: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== expected) this.unexpected(t, context);
    return t;
  }

  private expectOneOf(a: ItemType, b: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== a && t.type !== b) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Item, context: string): never {
    if (t.type === ItemType.Error) {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${itemText(t)} in ${context}`);
  }

  // --- top level ------------------------------------------------------------------------------------------------

  parseTop(): void {
    this.root = this.newList(this.peek().pos);
    while (this.peek().type !== ItemType.EOF) {
      if (this.peek().type === ItemType.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().type === ItemType.Define) {
          const def = new Parser("definition", this.text, this.options, this.treeSet, this.lex, this.parseName);
          def.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) this.errorf(`unexpected ${nodeText(n)}`);
      this.root.nodes.push(n);
    }
    this.add();
  }

  /** Installs this tree in the set; a second non-empty definition of a name in one text is an error. */
  private add(): void {
    const existing = this.treeSet.get(this.name);
    const tree: Tree = { name: this.name, parseName: this.parseName, text: this.text, root: this.root! };
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.treeSet.set(this.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
  }

  private parseDefinition(): void {
    const context = "define clause";
    const nameItem = this.expectOneOf(ItemType.String, ItemType.RawString, context);
    this.name = this.unquote(nameItem.val);
    this.expect(ItemType.RightDelim, context);
    const [list, end] = this.itemList();
    if (end.type !== NodeType.End) this.errorf(`unexpected ${nodeText(end)} in ${context}`);
    this.root = list;
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().type !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case ItemType.Text:
        return { type: NodeType.Text, pos: t.pos, tree: this.info, text: t.val };
      case ItemType.LeftDelim: {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case ItemType.Comment:
        return { type: NodeType.Comment, pos: t.pos, tree: this.info, text: t.val };
      default:
        this.unexpected(t, "input");
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case ItemType.Block:
        return this.blockControl();
      case ItemType.Break:
        return this.loopControl(t, NodeType.Break, "{{break}}");
      case ItemType.Continue:
        return this.loopControl(t, NodeType.Continue, "{{continue}}");
      case ItemType.Else:
        return this.elseControl();
      case ItemType.End:
        return this.endControl();
      case ItemType.If:
        return this.branchControl(NodeType.If, "if");
      case ItemType.Range:
        return this.branchControl(NodeType.Range, "range");
      case ItemType.Template:
        return this.templateControl();
      case ItemType.With:
        return this.branchControl(NodeType.With, "with");
    }
    this.backup();
    const start = this.peek();
    // Variables declared here stay in scope until the enclosing {{end}}.
    const pipe = this.pipeline("command", ItemType.RightDelim);
    const node: ActionNode = { type: NodeType.Action, pos: start.pos, line: start.line, tree: this.info, pipe };
    return node;
  }

  private loopControl(t: Item, type: NodeType.Break | NodeType.Continue, name: string): Node {
    const next = this.nextNonSpace();
    if (next.type !== ItemType.RightDelim) this.unexpected(next, name);
    if (this.rangeDepth === 0) this.errorf(`${name} outside {{range}}`);
    return { type, pos: t.pos, line: t.line, tree: this };
  }

  private branchControl(type: NodeType.If | NodeType.Range | NodeType.With, context: string): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, ItemType.RightDelim);
      if (type === NodeType.Range) this.rangeDepth++;
      let list: ListNode;
      let next: Node;
      try {
        [list, next] = this.itemList();
      } finally {
        if (type === NodeType.Range) this.rangeDepth--;
      }
      let elseList: ListNode | null = null;
      if (next.type === NodeType.Else) {
        // "{{else if …}}" and "{{else with …}}" nest a new if/with as the whole else branch; its {{end}} closes both.
        if (type === NodeType.If && this.peek().type === ItemType.If) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branchControl(NodeType.If, "if"));
        } else if (type === NodeType.With && this.peek().type === ItemType.With) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branchControl(NodeType.With, "with"));
        } else {
          const [l, end] = this.itemList();
          if (end.type !== NodeType.End) this.errorf(`expected end; found ${nodeText(end)}`);
          elseList = l;
        }
      }
      return { type, pos: pipe.pos, line: pipe.line, tree: this.info, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    if (peek.type === ItemType.If || peek.type === ItemType.With) {
      return { type: NodeType.Else, pos: peek.pos, line: peek.line, tree: this };
    }
    const t = this.expect(ItemType.RightDelim, "else");
    return { type: NodeType.Else, pos: t.pos, line: t.line, tree: this };
  }

  private endControl(): EndNode {
    const t = this.expect(ItemType.RightDelim, "end");
    return { type: NodeType.End, pos: t.pos, tree: this };
  }

  private templateName(t: Item, context: string): string {
    if (t.type === ItemType.String || t.type === ItemType.RawString) return this.unquote(t.val);
    this.unexpected(t, context);
  }

  private templateControl(): TemplateNode {
    const context = "template clause";
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== ItemType.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, ItemType.RightDelim);
    }
    return { type: NodeType.Template, pos: t.pos, line: t.line, tree: this.info, name, pipe };
  }

  private blockControl(): TemplateNode {
    const context = "block clause";
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const block = new Parser(name, this.text, this.options, this.treeSet, this.lex, this.parseName);
    const [list, end] = block.itemList();
    if (end.type !== NodeType.End) this.errorf(`unexpected ${nodeText(end)} in ${context}`);
    block.root = list;
    block.add();
    return { type: NodeType.Template, pos: t.pos, line: t.line, tree: this.info, name, pipe };
  }

  // --- pipelines ------------------------------------------------------------------------------------------------

  private pipeline(context: string, end: ItemType): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { type: NodeType.Pipe, pos: start.pos, line: start.line, tree: this.info, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== ItemType.Variable) break;
      this.next();
      // "$x foo" needs three tokens of look-ahead to tell an argument from a declaration.
      const afterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === ItemType.Assign || next.type === ItemType.Declare) {
        pipe.isAssign = next.type === ItemType.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.type === ItemType.Char && next.val === ",") {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === ItemType.Variable || p === ItemType.RightDelim || p === ItemType.RightParen) continue decls;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (afterVariable.type === ItemType.Space) {
        this.backup3(v, afterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (startsCommand(t.type)) {
        this.backup();
        pipe.cmds.push(this.command());
      } else {
        this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case NodeType.Bool:
        case NodeType.Dot:
        case NodeType.Nil:
        case NodeType.Number:
        case NodeType.String:
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: NodeType.Command, pos: this.peekNonSpace().pos, tree: this.info, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const t = this.next();
      if (t.type === ItemType.Space) continue;
      if (t.type === ItemType.RightDelim || t.type === ItemType.RightParen) this.backup();
      else if (t.type !== ItemType.Pipe) this.unexpected(t, "operand");
      break;
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    return cmd;
  }

  private operand(): Node | null {
    const node = this.term();
    if (node === null) return null;
    if (this.peek().type !== ItemType.Field) return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === ItemType.Field) fields.push(this.next().val.slice(1));
    // Go keeps field and variable chains as one node positioned at the first added field.
    switch (node.type) {
      case NodeType.Field:
        return { type: NodeType.Field, pos: chainPos, tree: this.info, ident: [...node.ident, ...fields] };
      case NodeType.Variable:
        return { type: NodeType.Variable, pos: chainPos, tree: this.info, ident: [...node.ident, ...fields] };
      case NodeType.Bool:
      case NodeType.String:
      case NodeType.Number:
      case NodeType.Nil:
      case NodeType.Dot:
        this.errorf(`unexpected . after term ${goQuote(nodeText(node))}`);
    }
    const chain: ChainNode = { type: NodeType.Chain, pos: chainPos, tree: this.info, node, fields };
    return chain;
  }

  private term(): Node | null {
    const t = this.nextNonSpace();
    switch (t.type) {
      case ItemType.Identifier:
        if (!this.options.hasFunction(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        return { type: NodeType.Identifier, pos: t.pos, tree: this.info, ident: t.val };
      case ItemType.Dot:
        return { type: NodeType.Dot, pos: t.pos, tree: this };
      case ItemType.Nil:
        return { type: NodeType.Nil, pos: t.pos, tree: this };
      case ItemType.Variable:
        return this.useVar(t.pos, t.val);
      case ItemType.Field:
        return { type: NodeType.Field, pos: t.pos, tree: this.info, ident: t.val.slice(1).split(".") };
      case ItemType.Bool:
        return { type: NodeType.Bool, pos: t.pos, tree: this.info, value: t.val === "true" };
      case ItemType.CharConstant:
      case ItemType.Complex:
      case ItemType.Number:
        return this.newNumber(t);
      case ItemType.LeftParen:
        return this.pipeline("parenthesized pipeline", ItemType.RightParen);
      case ItemType.String:
      case ItemType.RawString:
        return { type: NodeType.String, pos: t.pos, tree: this.info, quoted: t.val, text: this.unquote(t.val) };
    }
    this.backup();
    return null;
  }

  private newNumber(t: Item): NumberNode {
    let r: NumberReading;
    try {
      if (t.type === ItemType.CharConstant) {
        const c = BigInt(goUnquoteChar(t.val));
        r = { isInt: true, isUint: true, isFloat: true, isComplex: false, int64: c, uint64: c, float64: Number(c), imag: 0 };
      } else {
        r = readNumber(t.val, t.type === ItemType.Complex);
      }
    } catch (e) {
      this.errorf((e as Error).message);
    }
    return {
      type: NodeType.Number,
      pos: t.pos,
      tree: this.info,
      text: t.val,
      isInt: r.isInt,
      isUint: r.isUint,
      isFloat: r.isFloat,
      isComplex: r.isComplex,
      int64: r.int64,
      uint64: r.uint64,
      float64: r.float64,
      imag: r.imag,
    };
  }

  private newVariable(pos: number, name: string): VariableNode {
    return { type: NodeType.Variable, pos, tree: this.info, ident: name.split(".") };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
    return v;
  }

  private newList(pos: number): ListNode {
    return { type: NodeType.List, pos, tree: this.info, nodes: [] };
  }

  private unquote(lit: string): string {
    try {
      return goUnquote(lit);
    } catch (e) {
      this.errorf((e as Error).message);
    }
  }
}
