/**
 * Go's path/filepath.Match syntax as a RegExp: `*` and `?` never cross `/`, `[...]` classes with `^` negation and
 * ranges, `\` escapes. Used by .helmignore rules, which helm matches with filepath.Match.
 */
export class BadPatternError extends Error {
  constructor() {
    super("syntax error in pattern");
  }
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

export function goGlobToRegExp(pattern: string): RegExp {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "*") {
      out += "[^/]*";
      i++;
    } else if (ch === "?") {
      out += "[^/]";
      i++;
    } else if (ch === "\\") {
      if (i + 1 >= pattern.length) throw new BadPatternError();
      out += escapeRegex(pattern[i + 1]);
      i += 2;
    } else if (ch === "[") {
      i++;
      let cls = "";
      let negate = false;
      if (pattern[i] === "^") {
        negate = true;
        i++;
      }
      let count = 0;
      while (i < pattern.length && (pattern[i] !== "]" || count === 0)) {
        let lo = pattern[i];
        if (lo === "\\") {
          i++;
          if (i >= pattern.length) throw new BadPatternError();
          lo = pattern[i];
        } else if (lo === "]" || lo === "-") {
          throw new BadPatternError();
        }
        i++;
        if (pattern[i] === "-" && pattern[i + 1] !== undefined && pattern[i + 1] !== "]") {
          let hi = pattern[i + 1];
          i += 2;
          if (hi === "\\") {
            if (i >= pattern.length) throw new BadPatternError();
            hi = pattern[i];
            i++;
          }
          // Go accepts a reversed range; it simply matches nothing.
          if (hi >= lo) cls += `${escapeRegex(lo)}-${escapeRegex(hi)}`;
        } else {
          cls += escapeRegex(lo);
        }
        count++;
      }
      if (pattern[i] !== "]" || count === 0) throw new BadPatternError();
      i++;
      out += negate ? `[^/${cls}]` : `[${cls}]`;
    } else {
      out += escapeRegex(ch);
      i++;
    }
  }
  return new RegExp(`^${out}$`, "s");
}
