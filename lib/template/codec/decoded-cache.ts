/**
 * Remembers what short texts decoded to, so a text decoded again (Bitnami's common library runs the same small
 * documents through `fromYaml` hundreds of times per render) costs a copy instead of a parse. Decoded values are
 * Go maps and slices that templates may mutate, so every answer is a fresh copy built from a stored recipe; the
 * stored values themselves never leave this module. Only successful decodes are kept: errors take the normal way.
 */
import { GoMap, sliceElemType, type GoValue } from "@/lib/template/value";
import { BoundedMemo } from "./bounded-memo";

/** A decoded value in the form that is quickest to copy: maps as parallel key and value lists. */
type Recipe = null | boolean | string | number | RecipeMap | Recipe[];

class RecipeMap {
  constructor(
    readonly keys: string[],
    readonly values: Recipe[],
  ) {}
}

function recipeOf(v: GoValue): Recipe {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof GoMap) {
    const keys: string[] = [];
    const values: Recipe[] = [];
    for (const [k, x] of v) {
      keys.push(k);
      values.push(recipeOf(x));
    }
    return new RecipeMap(keys, values);
  }
  if (Array.isArray(v)) return v.map(recipeOf);
  // Decoders build only maps, slices and scalars; anything else is not remembered (see `remember`).
  throw new TypeError("not a decoded value");
}

function build(r: Recipe): GoValue {
  if (r === null || typeof r !== "object") return r;
  if (r instanceof RecipeMap) {
    const m = new GoMap();
    const { keys, values } = r;
    for (let i = 0; i < keys.length; i++) m.set(keys[i], build(values[i]));
    return m;
  }
  const out: GoValue[] = new Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = build(r[i]);
  return out;
}

/** Whether a value is made of what decoders produce (plain maps, plain slices, scalars), so a copy is exact. */
function isPlainDecoded(v: GoValue): boolean {
  if (v === null || typeof v !== "object") return true;
  if (v instanceof GoMap) {
    if (v.typeName !== "map[string]interface {}") return false;
    for (const x of v.values()) if (!isPlainDecoded(x)) return false;
    return true;
  }
  if (Array.isArray(v)) return sliceElemType(v) === "interface {}" && v.every(isPlainDecoded);
  return false;
}

export class DecodedCache {
  private readonly recipes: BoundedMemo<Recipe>;

  /**
   * @param longestText texts longer than this are not remembered
   * @param charBudget the total length of remembered texts; when it would be exceeded, everything is forgotten
   */
  constructor(
    private readonly longestText: number,
    charBudget: number,
  ) {
    this.recipes = new BoundedMemo(charBudget);
  }

  /** A fresh copy of what `text` decoded to, or undefined when it is not remembered. */
  recall(text: string): GoValue | undefined {
    const r = this.recipes.get(text);
    return r === undefined ? undefined : build(r);
  }

  /** Remembers `value` as what `text` decodes to; the caller keeps `value` (it is not stored). */
  remember(text: string, value: GoValue): void {
    if (text.length > this.longestText || !isPlainDecoded(value)) return;
    this.recipes.set(text, recipeOf(value), text.length);
  }
}
