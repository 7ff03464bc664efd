/**
 * Go reports template positions as a 1-based line and a 0-based byte column within that line. Node positions
 * here are indices into a JavaScript string, so columns are converted by counting UTF-8 bytes.
 */

export interface Location {
  line: number;
  /** 0-based byte offset within the line, as Go prints it. */
  column: number;
}

/** Byte length of s[from, to) when encoded as UTF-8. */
export function utf8Length(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function byteColumn(text: string, pos: number): number {
  const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
  return utf8Length(text, lineStart, pos);
}

export function locationOf(text: string, pos: number): Location {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return { line, column: byteColumn(text, pos) };
}
