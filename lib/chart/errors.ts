/**
 * The one error type of lib/chart: every loading, values, schema or output-assembly failure is a ChartError.
 * `message` is exactly the text helm prints after "Error: ", so callers can show it as is; `file`, `line` and
 * `column` locate the problem when there is a location to give.
 */
export interface ChartErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

export class ChartError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, location: ChartErrorLocation = {}) {
    super(message);
    this.name = "ChartError";
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
  }
}
