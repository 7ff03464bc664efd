/**
 * A set of named templates sharing one function table: Go's template "common" structure. Parsing a text adds
 * all its trees (the text itself and its defines); an empty definition never replaces an existing one.
 */
import type { FunctionTable, TemplateFunction } from "../funcs/types";
import { parseTemplate, type Tree } from "../parse/parser";
import { isEmptyTree } from "../parse/nodes";

export class TemplateSet {
  private readonly trees = new Map<string, Tree>();

  /**
   * @param name the root template's name (Helm uses "gotpl"); it is what "no template … associated with" names.
   * @param funcs functions available to templates; they take precedence over the builtins.
   * @param builtins Go's builtin functions.
   */
  constructor(
    readonly name: string,
    readonly funcs: FunctionTable,
    readonly builtins: FunctionTable,
    /** A clone sees its parent's templates; its own parses shadow them and never reach the parent. */
    private readonly parent?: TemplateSet,
  ) {}

  hasFunction = (name: string): boolean => name in this.funcs || name in this.builtins;

  /** The function a name resolves to, and whether it is a builtin (and/or short-circuit only as builtins). */
  findFunction(name: string): { fn: TemplateFunction; isBuiltin: boolean } | undefined {
    const f = this.funcs[name];
    if (f !== undefined) return { fn: f, isBuiltin: false };
    const b = this.builtins[name];
    if (b !== undefined) return { fn: b, isBuiltin: true };
    return undefined;
  }

  lookup(name: string): Tree | undefined {
    return this.trees.get(name) ?? this.parent?.lookup(name);
  }

  /** Parses one text as template `name` and adds every tree it defines. Throws ParseError. */
  parse(name: string, text: string): void {
    const parsed = parseTemplate(name, text, { hasFunction: this.hasFunction });
    for (const [treeName, tree] of parsed) this.associate(treeName, tree);
  }

  private associate(name: string, tree: Tree): void {
    const old = this.lookup(name);
    if (old !== undefined && isEmptyTree(tree.root)) return;
    this.trees.set(name, tree);
  }

  /** A clone, as Helm's tpl makes one per call: same templates, its own additions, maybe other funcs. */
  clone(funcs: FunctionTable = this.funcs): TemplateSet {
    return new TemplateSet(this.name, funcs, this.builtins, this);
  }
}
