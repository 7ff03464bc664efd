/**
 * go-yaml accepts quoted scalars whose continuation lines are indented less than their key
 * (`a: "x\ny"` is "x y"); the `yaml` package rejects them. Folding drops a continuation line's leading
 * spaces, so indenting those lines changes no value: this rewrite lets the parser read what go-yaml reads.
 */

interface QuotedSpan {
  open: number;
  close: number;
}

/** The quoted scalar that is still open at the end of the line holding `offset`, if any. */
function openQuoteOnLine(text: string, offset: number): number | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  let open: number | undefined;
  let quote = "";
  for (let i = lineStart; i < lineEnd; i++) {
    const c = text[i];
    if (quote === '"') {
      if (c === "\\") i++;
      else if (c === '"') quote = "";
    } else if (quote === "'") {
      if (c === "'" && text[i + 1] === "'") i++;
      else if (c === "'") quote = "";
    } else if (c === '"' || c === "'") {
      // A quote opens a scalar only where a scalar may start: after a blank, an indicator or the line start.
      const before = i === lineStart ? " " : text[i - 1];
      if (/[\s:\-?,[{]/.test(before)) {
        quote = c;
        open = i;
      }
    } else if (c === "#" && (i === lineStart || /\s/.test(text[i - 1]))) break;
  }
  return quote ? open : undefined;
}

function closingQuote(text: string, open: number): number | undefined {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === "\\") i++;
    else if (quote === "'" && c === "'" && text[i + 1] === "'") i++;
    else if (c === quote) return i;
  }
  return undefined;
}

/**
 * The quoted scalar that spans `offset`: the nearest line at or above it that leaves a quote open, provided
 * that quote closes after `offset`. Without a closing quote there is nothing to repair.
 */
function quotedSpanAt(text: string, offset: number): QuotedSpan | undefined {
  let lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  for (let lines = 0; lines < 1000; lines++) {
    const open = openQuoteOnLine(text, lineStart);
    if (open !== undefined) {
      const close = closingQuote(text, open);
      return close !== undefined && close >= offset ? { open, close } : undefined;
    }
    if (lineStart === 0) return undefined;
    lineStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  }
  return undefined;
}

/** Where a `---` or `...` line interrupts the quoted scalar around `offset` (go-yaml's "document indicator" error). */
export function documentMarkerInQuoted(text: string, offset: number): number | undefined {
  let lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  for (let lines = 0; lines < 1000; lines++) {
    const open = openQuoteOnLine(text, lineStart);
    if (open !== undefined) {
      const m = /\n(---|\.\.\.)(\s|$)/.exec(text.slice(open));
      return m ? open + m.index + 1 : undefined;
    }
    if (lineStart === 0) return undefined;
    lineStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  }
  return undefined;
}

/** The text with the continuation lines of the quoted scalar around `offset` indented past its opening quote. */
export function indentQuotedContinuation(text: string, offset: number): string | undefined {
  const span = quotedSpanAt(text, offset);
  if (!span) return undefined;
  const body = text.slice(span.open, span.close);
  // go-yaml itself stops at a document marker inside a quoted scalar; leave that error to the parser.
  if (/\n(---|\.\.\.)(\s|$)/.test(body)) return undefined;
  const column = span.open - (text.lastIndexOf("\n", span.open - 1) + 1);
  const pad = " ".repeat(column + 1);
  const indented = body.replace(/\n[ \t]*/g, (m) => (m.length - 1 > column ? m : "\n" + pad));
  return text.slice(0, span.open) + indented + text.slice(span.close);
}
