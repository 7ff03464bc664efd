/**
 * The parse tree of a template: typed nodes, each with its position (an index into the template text) so errors
 * can name line and column. `nodeText` renders a node the way Go's Node.String() does, which is the `at <…>`
 * context in execution errors.
 */
import { goQuote } from "./quote";
import type { TemplateFunction } from "../funcs/types";

export const enum NodeType {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
  // Internal markers returned while parsing control structures; never part of a finished tree.
  Else,
  End,
}

/** The tree a node belongs to: its text for locations, and the name errors print (the file being parsed). */
export interface TreeInfo {
  readonly parseName: string;
  readonly text: string;
}

interface NodeBase {
  readonly pos: number;
  readonly tree: TreeInfo;
}

export interface TextNode extends NodeBase {
  readonly type: NodeType.Text;
  readonly text: string;
}

export interface ActionNode extends NodeBase {
  readonly type: NodeType.Action;
  readonly line: number;
  readonly pipe: PipeNode;
}

export interface BoolNode extends NodeBase {
  readonly type: NodeType.Bool;
  readonly value: boolean;
}

/** `(pipeline).Field1.Field2` or `literal.Field` (the latter only as a parse error). */
export interface ChainNode extends NodeBase {
  readonly type: NodeType.Chain;
  readonly node: Node;
  readonly fields: string[];
}

export interface CommandNode extends NodeBase {
  readonly type: NodeType.Command;
  readonly args: Node[];
}

export interface DotNode extends NodeBase {
  readonly type: NodeType.Dot;
}

export interface FieldNode extends NodeBase {
  readonly type: NodeType.Field;
  readonly ident: string[];
}

export interface IdentifierNode extends NodeBase {
  readonly type: NodeType.Identifier;
  readonly ident: string;
  /** The executor's memo of what `ident` resolved to in which template set (trees are shared between sets). */
  cachedSet?: object;
  cachedFn?: TemplateFunction;
}

export interface NilNode extends NodeBase {
  readonly type: NodeType.Nil;
}

/**
 * A number literal with every interpretation Go's parser computes: the executor picks one by the parameter type
 * it is passed to (int, float64, …) or, for interface{} positions, by the literal's syntax.
 */
export interface NumberNode extends NodeBase {
  readonly type: NodeType.Number;
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  readonly int64: bigint;
  readonly uint64: bigint;
  readonly float64: number;
  readonly imag: number;
}

export interface PipeNode extends NodeBase {
  readonly type: NodeType.Pipe;
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

export interface StringNode extends NodeBase {
  readonly type: NodeType.String;
  /** The original quoted text. */
  readonly quoted: string;
  readonly text: string;
}

export interface VariableNode extends NodeBase {
  readonly type: NodeType.Variable;
  readonly ident: string[];
}

export interface ListNode extends NodeBase {
  readonly type: NodeType.List;
  readonly nodes: Node[];
}

export interface BranchNode extends NodeBase {
  readonly type: NodeType.If | NodeType.Range | NodeType.With;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}

export interface TemplateNode extends NodeBase {
  readonly type: NodeType.Template;
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
}

export interface CommentNode extends NodeBase {
  readonly type: NodeType.Comment;
  readonly text: string;
}

export interface LoopControlNode extends NodeBase {
  readonly type: NodeType.Break | NodeType.Continue;
  readonly line: number;
}

export interface ElseNode extends NodeBase {
  readonly type: NodeType.Else;
  readonly line: number;
}

export interface EndNode extends NodeBase {
  readonly type: NodeType.End;
}

export type Node =
  | TextNode
  | ActionNode
  | BoolNode
  | ChainNode
  | CommandNode
  | DotNode
  | FieldNode
  | IdentifierNode
  | NilNode
  | NumberNode
  | PipeNode
  | StringNode
  | VariableNode
  | ListNode
  | BranchNode
  | TemplateNode
  | CommentNode
  | LoopControlNode
  | ElseNode
  | EndNode;

/** Go's Node.String(): the text used as `at <…>` in execution errors and in parse errors such as `unexpected {{end}}`. */
export function nodeText(n: Node): string {
  switch (n.type) {
    case NodeType.Text:
      return n.text;
    case NodeType.Action:
      return `{{${nodeText(n.pipe)}}}`;
    case NodeType.Bool:
      return n.value ? "true" : "false";
    case NodeType.Chain: {
      const head = n.node.type === NodeType.Pipe ? `(${nodeText(n.node)})` : nodeText(n.node);
      return head + n.fields.map((f) => "." + f).join("");
    }
    case NodeType.Command:
      return n.args.map((a) => (a.type === NodeType.Pipe ? `(${nodeText(a)})` : nodeText(a))).join(" ");
    case NodeType.Dot:
      return ".";
    case NodeType.Field:
      return n.ident.map((f) => "." + f).join("");
    case NodeType.Identifier:
      return n.ident;
    case NodeType.Nil:
      return "nil";
    case NodeType.Number:
      return n.text;
    case NodeType.Pipe: {
      let s = "";
      if (n.decl.length > 0) {
        s = n.decl.map(nodeText).join(", ") + (n.isAssign ? " = " : " := ");
      }
      return s + n.cmds.map(nodeText).join(" | ");
    }
    case NodeType.String:
      return n.quoted;
    case NodeType.Variable:
      return n.ident.join(".");
    case NodeType.List:
      return n.nodes.map(nodeText).join("");
    case NodeType.If:
    case NodeType.Range:
    case NodeType.With: {
      const name = n.type === NodeType.If ? "if" : n.type === NodeType.Range ? "range" : "with";
      const elsePart = n.elseList ? `{{else}}${nodeText(n.elseList)}` : "";
      return `{{${name} ${nodeText(n.pipe)}}}${nodeText(n.list)}${elsePart}{{end}}`;
    }
    case NodeType.Template:
      return n.pipe ? `{{template ${goQuote(n.name)} ${nodeText(n.pipe)}}}` : `{{template ${goQuote(n.name)}}}`;
    case NodeType.Comment:
      return `{{${n.text}}}`;
    case NodeType.Break:
      return "{{break}}";
    case NodeType.Continue:
      return "{{continue}}";
    case NodeType.Else:
      return "{{else}}";
    case NodeType.End:
      return "{{end}}";
  }
}

/** Text made only of what Go's unicode.IsSpace accepts (JavaScript's \s would also accept U+FEFF). */
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Whether a tree body holds only whitespace text and comments; Go ignores such a redefinition of a template. */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case NodeType.Comment:
      return true;
    case NodeType.List:
      return n.nodes.every(isEmptyTree);
    case NodeType.Text:
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}
