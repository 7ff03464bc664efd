/**
 * Template errors: Go's error values (parse errors, execution errors and the chains they wrap) and the one place
 * that turns them into Helm's messages. Helm prints parse errors shortened to `parse error at (file:line): msg`,
 * `required`/`fail` as `execution error at (file:line:col): msg`, nested execution errors as a stack of frames when
 * every link of the chain is a template error, and Go's raw one-line text otherwise.
 *
 * Every error also offers a structured form ({file, line, column, message}) for editor markers.
 */
import { goQuote } from "./parse/quote";

/** Where an error points, for editor markers. Lines are 1-based, columns 0-based bytes (as Go prints them). */
export interface TemplateDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A parse error: Go's text is `template: <name>:<line>: <message>`. */
export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    /** Column of the last token read; Go does not print it, but editors want it. */
    readonly column: number,
    readonly detail: string,
  ) {
    super(`template: ${file}:${line}: ${detail}`);
    this.name = "ParseError";
  }

  get diagnostic(): TemplateDiagnostic {
    return { file: this.file, line: this.line, column: this.column, message: this.detail };
  }
}

/**
 * An execution error raised by the executor (Go's ExecError with its wrapped chain). `detail` is the executor's
 * own message; when the error wraps a function's error, `detail` is `error calling <fn>` and `cause` is that error.
 */
export class ExecError extends Error {
  constructor(
    readonly templateName: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly context: string,
    readonly detail: string,
    readonly cause?: Error,
  ) {
    super(
      `template: ${file}:${line}:${column}: executing ${goQuote(templateName)} at <${context}>: ${detail}` +
        (cause ? `: ${cause.message}` : ""),
    );
    this.name = "ExecError";
  }

  /** The innermost execution error's location: where the problem really is, for an editor marker. */
  get diagnostic(): TemplateDiagnostic {
    const nested: ExecError[] = [];
    for (let e: Error | undefined = this.cause; e; e = causeOf(e)) if (e instanceof ExecError) nested.push(e);
    const inner = nested.at(-1) ?? this;
    const msg = inner.cause ? `${inner.detail}: ${inner.cause.message}` : inner.detail;
    return { file: inner.file, line: inner.line, column: inner.column, message: msg };
  }
}

/** A plain Go error that wraps another (pkg/errors Wrapf, fmt.Errorf with %w): `message: cause`. */
export class WrappedError extends Error {
  constructor(
    readonly prefix: string,
    readonly cause: Error,
  ) {
    super(`${prefix}: ${cause.message}`);
    this.name = "WrappedError";
  }
}

/** Where in a template a limit was reached: the fields of the ExecError the executor would raise there. */
export interface LimitLocation {
  templateName: string;
  file: string;
  line: number;
  column: number;
  context: string;
}

/**
 * A resource limit set by the caller was exceeded (time, output size, memory, recursion). Never wrapped by functions.
 * The render budget's limits are placed by the executor at the node that was running (`placeable`, then `location`);
 * the message then reads like Go's execution error there. Stack exhaustion is not placed: that would need stack.
 */
export class LimitError extends Error {
  constructor(
    readonly detail: string,
    readonly placeable = false,
    readonly location?: LimitLocation,
  ) {
    super(
      location
        ? `template: ${location.file}:${location.line}:${location.column}: executing ${goQuote(location.templateName)} at <${location.context}>: ${detail}`
        : detail,
    );
    this.name = "LimitError";
  }

  /** This error placed at a template position (the first placement, the innermost, wins). */
  placedAt(location: LimitLocation): LimitError {
    return this.placeable && this.location === undefined ? new LimitError(this.detail, true, location) : this;
  }

  get diagnostic(): TemplateDiagnostic | null {
    const l = this.location;
    return l ? { file: l.file, line: l.line, column: l.column, message: this.detail } : null;
  }
}

/** The error `renderChartTemplates` throws: `message` is exactly what Helm prints after `Error: `. */
export class RenderError extends Error {
  constructor(
    message: string,
    readonly kind: "parse" | "exec" | "limit" | "internal",
    readonly diagnostic: TemplateDiagnostic | null,
    readonly goError?: Error,
  ) {
    super(message);
    this.name = "RenderError";
  }
}

function causeOf(e: Error): Error | undefined {
  const c = (e as { cause?: unknown }).cause;
  return c instanceof Error ? c : undefined;
}

/** Helm's cleanupParseError: keep the location and the last ": "-separated segment of Go's message. */
export function helmParseErrorText(file: string, err: Error): string {
  const tokens = err.message.split(": ");
  if (tokens.length === 1) return `parse error in (${file}): ${err.message}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

const WARN_RE = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

/** Helm's rendering of an execution error (see the module comment); a placed limit reads as one execution frame. */
export function helmExecErrorText(file: string, err: Error): string {
  if (err instanceof LimitError && err.location) {
    const l = err.location;
    return `${l.file}:${l.line}:${l.column}\n  executing ${goQuote(l.templateName)} at <${l.context}>:\n    ${err.detail}`;
  }
  if (!(err instanceof ExecError)) return err.message;
  const full = err.message;
  const first = full.indexOf(": ");
  const second = first < 0 ? -1 : full.indexOf(": ", first + 2);
  if (second < 0) return `execution error in (${file}): ${full}`;
  const location = full.slice(first + 2, second);
  const warn = WARN_RE.exec(full.slice(second + 2));
  if (warn) return `execution error at (${location}): ${warn[1]}`;

  let frames = "";
  let previous = "";
  for (let e: Error | undefined = err; e; e = causeOf(e)) {
    if (!e.message.startsWith("template: ")) return full;
    if (e.message === previous) continue;
    previous = e.message;
    if (e instanceof ExecError) {
      const msg = e.cause ? `${e.detail}:` : e.detail;
      frames += `${e.file}:${e.line}:${e.column}\n  executing ${goQuote(e.templateName)} at <${e.context}>:\n    ${msg}\n`;
    } else {
      frames += e.message + "\n";
    }
  }
  return frames.trim();
}
