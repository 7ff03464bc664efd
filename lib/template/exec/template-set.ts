/**
 * A set of named templates sharing one function table: Go's template "common" structure. Parsing a text adds
 * all its trees (the text itself and its defines); an empty definition never replaces an existing one.
 */
import type { FunctionTable, TemplateFunction } from "../funcs/types";
import { parseTemplate, type Tree, type TreeSet } from "../parse/parser";
import { isEmptyTree } from "../parse/nodes";

export class TemplateSet {
  private readonly trees = new Map<string, Tree>();
  /** Own-property lookups only: a template must never reach Object.prototype through a function name. */
  private readonly functions: Map<string, TemplateFunction>;
  private readonly parent?: TemplateSet;
  private signature: string | null = null;
  /** The set without a parent that this one was cloned from, directly or not (itself when it has no parent). */
  readonly root: TemplateSet;
  /** On a root: the names its clones may bind to other functions; null when any name may be. */
  private readonly bindable: ReadonlySet<string> | null;

  /**
   * @param name the root template's name (Helm uses "gotpl"); it is what "no template … associated with" names.
   * @param funcs functions available to templates; they take precedence over the builtins.
   * @param builtins Go's builtin functions.
   * @param bindable on a root, the only names clones may override (Helm's per-render include, tpl, …); every other
   *   name then resolves to the same function in all sets of this root, which lets the executor remember it once
   *   per root rather than once per set. Without it, clones may override any name.
   */
  constructor(
    readonly name: string,
    funcs: FunctionTable,
    readonly builtins: FunctionTable,
    parent?: TemplateSet,
    bindable?: readonly string[],
  ) {
    this.parent = parent;
    this.root = parent ? parent.root : this;
    this.bindable = parent || !bindable ? null : new Set(bindable);
    if (parent) {
      // A clone overrides a few functions (Helm re-binds include and tpl); the rest is looked up in the parent.
      this.functions = new Map(Object.entries(funcs));
    } else {
      this.functions = new Map(Object.entries(builtins));
      for (const [k, f] of Object.entries(funcs)) this.functions.set(k, f);
    }
  }

  hasFunction = (name: string): boolean => this.findFunction(name) !== undefined;

  /** The function a name resolves to: the function table first, then Go's builtins. */
  findFunction(name: string): TemplateFunction | undefined {
    return this.functions.get(name) ?? this.parent?.findFunction(name);
  }

  /** Whether `name` resolves to the same function in every set sharing this set's root (no clone can rebind it). */
  resolvesAlike(name: string): boolean {
    const bindable = this.root.bindable;
    return bindable !== null && !bindable.has(name);
  }

  lookup(name: string): Tree | undefined {
    return this.trees.get(name) ?? this.parent?.lookup(name);
  }

  /**
   * Parses one text as template `name` and adds every tree it defines. Returns the text's own tree, which is
   * what Go executes for that template object even when an empty parse did not replace an existing definition.
   * Throws ParseError.
   */
  parse(name: string, text: string): Tree {
    const parsed = cachedParse(this.functionSignature(), name, text, this.hasFunction);
    for (const [treeName, tree] of parsed) this.associate(treeName, tree);
    return parsed.get(name)!;
  }

  /** Parse results depend on which function names exist, so cached trees are keyed by the name set. */
  private functionSignature(): string {
    if (this.parent) return this.parent.functionSignature();
    if (this.signature === null) this.signature = Array.from(this.functions.keys()).sort().join(",");
    return this.signature;
  }

  private associate(name: string, tree: Tree): void {
    const old = this.lookup(name);
    if (old !== undefined && isEmptyTree(tree.root)) return;
    this.trees.set(name, tree);
  }

  /**
   * A clone, as Helm's tpl makes one per call: same templates and functions, its own template additions, and
   * `overrides` for functions with the same names (never new names: parse results are shared by name set).
   */
  clone(overrides: FunctionTable): TemplateSet {
    const bindable = this.root.bindable;
    for (const name of Object.keys(overrides)) {
      if (bindable !== null && !bindable.has(name)) throw new Error(`template set: ${name} is not bound per clone`);
    }
    return new TemplateSet(this.name, overrides, this.builtins, this);
  }
}

/**
 * Parsed trees are immutable, so renders share them: editing one file of a chart and rendering again re-parses
 * only that file, and tpl strings that repeat are parsed once. Bounded; the oldest entries go first.
 */
const PARSE_CACHE_LIMIT = 4096;
/** Total template text held by the cache, in characters; past it the cache starts over. */
const PARSE_CACHE_CHARS = 32 * 1024 * 1024;
let parseCacheChars = 0;
/** signature → template name → text → trees. Keyed by the text string itself: V8 hashes a string once. */
const parseCache = new Map<string, Map<string, Map<string, TreeSet>>>();
let parseCacheSize = 0;

function cachedParse(signature: string, name: string, text: string, hasFunction: (n: string) => boolean): TreeSet {
  let byName = parseCache.get(signature);
  if (byName === undefined) {
    byName = new Map();
    parseCache.set(signature, byName);
  }
  let byText = byName.get(name);
  if (byText === undefined) {
    byText = new Map();
    byName.set(name, byText);
  }
  const hit = byText.get(text);
  if (hit !== undefined) return hit;
  const parsed = parseTemplate(name, text, { hasFunction });
  if (parseCacheSize >= PARSE_CACHE_LIMIT || parseCacheChars + text.length > PARSE_CACHE_CHARS) {
    parseCache.clear();
    parseCacheSize = 0;
    parseCacheChars = 0;
    return parsed;
  }
  byText.set(text, parsed);
  parseCacheSize++;
  parseCacheChars += text.length;
  return parsed;
}
