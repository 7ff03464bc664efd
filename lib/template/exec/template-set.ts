/**
 * A set of named templates sharing one function table: Go's template "common" structure. Parsing a text adds
 * all its trees (the text itself and its defines); an empty definition never replaces an existing one.
 */
import type { FunctionTable, TemplateFunction } from "../funcs/types";
import { parseTemplate, type Tree } from "../parse/parser";
import { isEmptyTree } from "../parse/nodes";

export class TemplateSet {
  private readonly trees = new Map<string, Tree>();
  /** Own-property lookups only: a template must never reach Object.prototype through a function name. */
  private readonly functions: Map<string, TemplateFunction>;

  /**
   * @param name the root template's name (Helm uses "gotpl"); it is what "no template … associated with" names.
   * @param funcs functions available to templates; they take precedence over the builtins.
   * @param builtins Go's builtin functions.
   */
  constructor(
    readonly name: string,
    funcs: FunctionTable,
    readonly builtins: FunctionTable,
    /** A clone sees its parent's templates; its own parses shadow them and never reach the parent. */
    private readonly parent?: TemplateSet,
  ) {
    this.functions = new Map(Object.entries(builtins));
    for (const [k, f] of Object.entries(funcs)) this.functions.set(k, f);
  }

  hasFunction = (name: string): boolean => this.functions.has(name);

  /** The function a name resolves to: the function table first, then Go's builtins. */
  findFunction(name: string): TemplateFunction | undefined {
    return this.functions.get(name);
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

  /** A clone, as Helm's tpl makes one per call: same templates, its own additions, other functions. */
  clone(funcs: FunctionTable): TemplateSet {
    return new TemplateSet(this.name, funcs, this.builtins, this);
  }
}
