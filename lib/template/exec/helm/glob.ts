/**
 * Glob patterns as Helm's `.Files.Glob` compiles them (gobwas/glob with '/' as the separator): `*` and `?` stay
 * within one path segment, `**` crosses segments, `[abc]`, `[!a-z]` and `{a,b}` work and `\` escapes. A pattern
 * that does not compile yields null; Helm then falls back to `**` (everything).
 */

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? "\\" + ch : ch;
}

class GlobSyntaxError extends Error {}

/** Translates a pattern to a RegExp source; `stop` names characters that end the current {…} alternative. */
function translate(chars: string[], start: number, stop: string): { source: string; next: number } {
  let out = "";
  let i = start;
  while (i < chars.length) {
    const c = chars[i];
    if (stop.includes(c)) return { source: out, next: i };
    if (c === "\\") {
      if (i + 1 >= chars.length) throw new GlobSyntaxError();
      out += escapeRegExp(chars[i + 1]);
      i += 2;
    } else if (c === "*") {
      if (chars[i + 1] === "*") {
        out += "[\\s\\S]*";
        i += 2;
      } else {
        out += "[^/]*";
        i += 1;
      }
    } else if (c === "?") {
      out += "[^/]";
      i += 1;
    } else if (c === "[") {
      const close = chars.indexOf("]", i + 1);
      if (close < 0) throw new GlobSyntaxError();
      let body = chars.slice(i + 1, close);
      let negate = false;
      if (body[0] === "!") {
        negate = true;
        body = body.slice(1);
      }
      if (body.length === 0) throw new GlobSyntaxError();
      let cls = "";
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === "-" && k + 2 < body.length) {
          cls += escapeRegExp(body[k]) + "-" + escapeRegExp(body[k + 2]);
          k += 2;
        } else cls += escapeRegExp(body[k]);
      }
      out += negate ? `[^/${cls}]` : `[${cls}]`;
      i = close + 1;
    } else if (c === "{") {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(chars, j, ",}");
        alternatives.push(part.source);
        if (part.next >= chars.length) throw new GlobSyntaxError();
        j = part.next + 1;
        if (chars[part.next] === "}") break;
      }
      out += `(?:${alternatives.join("|")})`;
      i = j;
    } else {
      out += escapeRegExp(c);
      i += 1;
    }
  }
  if (stop !== "") throw new GlobSyntaxError();
  return { source: out, next: i };
}

export function compileGlob(pattern: string): RegExp | null {
  try {
    const { source } = translate(Array.from(pattern), 0, "");
    return new RegExp(`^(?:${source})$`, "u");
  } catch {
    return null;
  }
}
