/**
 * `.helmignore` rules with helm's pkg/ignore semantics: one glob per line, `#` comments, `!` negation, a trailing
 * `/` for directories only, a leading `/` anchors at the chart root, a pattern without `/` matches the base name.
 * Quirk kept on purpose: a negated rule that does NOT match a path ignores it, and matching ones fall through.
 */
import { BadPatternError, goGlobToRegExp } from "./go-glob";
import { ChartError } from "./errors";

interface IgnoreRule {
  raw: string;
  negate: boolean;
  directoryOnly: boolean;
  matches(path: string): boolean;
}

export class IgnoreRules {
  private readonly rules: IgnoreRule[] = [];

  /** Parses .helmignore text; `fileName` is used in error messages. */
  static parse(text: string, fileName = ".helmignore"): IgnoreRules {
    const rules = new IgnoreRules();
    text.split(/\r?\n/).forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return;
      try {
        rules.add(trimmed);
      } catch (e) {
        // helm's text, unprefixed; the file and line travel with the error.
        throw new ChartError((e as Error).message, { file: fileName, line: index + 1 });
      }
    });
    return rules;
  }

  /** Helm always hides dot-files directly inside templates/. */
  addDefaults(): this {
    this.add("templates/.?*");
    return this;
  }

  add(text: string): void {
    let rule = text.trim();
    if (rule === "") return;
    if (rule.startsWith("**")) throw new Error("double-star (**) syntax is not supported");
    const raw = rule;
    let negate = false;
    let directoryOnly = false;
    if (rule.startsWith("!") && rule.length > 1) {
      negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith("/")) {
      directoryOnly = true;
      rule = rule.slice(0, -1);
    }
    let matches: (path: string) => boolean;
    try {
      if (rule.startsWith("/")) {
        const re = goGlobToRegExp(rule.slice(1));
        matches = (p) => re.test(p.replace(/^\//, ""));
      } else if (rule.includes("/")) {
        const re = goGlobToRegExp(rule);
        matches = (p) => re.test(p);
      } else {
        const re = goGlobToRegExp(rule);
        matches = (p) => re.test(p.slice(p.lastIndexOf("/") + 1));
      }
    } catch (e) {
      if (e instanceof BadPatternError) throw new Error("syntax error in pattern");
      throw e;
    }
    this.rules.push({ raw, negate, directoryOnly, matches });
  }

  /** `path` is relative to the chart root with forward slashes. */
  ignores(path: string, isDirectory: boolean): boolean {
    if (path === "" || path === "." || path === "./") return false;
    for (const rule of this.rules) {
      if (rule.negate) {
        if (rule.directoryOnly && !isDirectory) return true;
        if (!rule.matches(path)) return true;
        continue;
      }
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.matches(path)) return true;
    }
    return false;
  }
}
