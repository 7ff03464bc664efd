/**
 * Maps a line of a template's rendered output back to the template line that produced it, so lint findings (which
 * lib/hooks reports against the rendered text) land on the line the user is editing. The renderer keeps no source
 * map, so this aligns the two texts: each template line becomes a pattern (its literal text, with every `{{ … }}`
 * action matching anything), and rendered lines are matched in order. Lines made only of actions (`{{- if … }}`)
 * produce no text of their own and are skipped; a rendered line that matches nothing (e.g. text from an `include`)
 * is placed relative to the last line that did.
 */

const ACTION = /\{\{-?[\s\S]*?-?\}\}/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface TemplateLine {
  pattern: RegExp | null;
}

function compileLine(line: string): TemplateLine {
  const literal = line.replace(ACTION, "").trim();
  // A line of actions and blanks only renders as nothing or as whatever its actions print: never anchor on it.
  if (literal === "") return { pattern: null };
  const parts = line.split(ACTION).map(escapeRegex);
  // `{{-` and `-}}` trim whitespace around them, so spacing at an action's edge may differ.
  return { pattern: new RegExp(`^\\s*${parts.join("[\\s\\S]*?").trim()}\\s*$`) };
}

/** Returns a function from a 1-based rendered line to a 1-based template line. */
export function templateLineMap(template: string, rendered: string): (renderedLine: number) => number {
  const lines = template.split("\n").map(compileLine);
  const renderedLines = rendered.split("\n");
  // First pass: rendered lines that match a template line, in order (0-based template index, or -1).
  const match: number[] = [];
  let cursor = 0;
  for (let r = 0; r < renderedLines.length; r++) {
    match[r] = -1;
    for (let t = cursor; t < lines.length; t++) {
      if (lines[t].pattern?.test(renderedLines[r])) {
        match[r] = t;
        cursor = t + 1;
        break;
      }
    }
  }
  // Second pass: an unmatched line sits after the previous match, but never at or past the next one.
  const mapped: number[] = [];
  let last = { rendered: -1, template: -1 };
  for (let r = 0; r < renderedLines.length; r++) {
    if (match[r] >= 0) {
      last = { rendered: r, template: match[r] };
      mapped[r] = match[r] + 1;
      continue;
    }
    const next = match.slice(r + 1).find((t) => t >= 0) ?? lines.length;
    mapped[r] = Math.max(1, Math.min(last.template + (r - last.rendered), next - 1) + 1);
  }
  return (line) => mapped[line - 1] ?? line;
}
