/**
 * The data that crosses the preview Web Worker boundary (structured clone: plain data only) and that the
 * workspace UI shows: the request (the in-memory chart files), the result (masked manifests, hook plan, lint) and
 * editor markers located by chart-relative file, 1-based line and column.
 */
import type { HookPlan, LintFinding, Severity } from "@/lib/hooks";

export interface PreviewLimits {
  /** Deadline for one render inside the worker. */
  timeoutMs: number;
  /** Cap on everything the templates write in one render. */
  maxOutputChars: number;
}

export interface PreviewRequest {
  /** Chart-relative path → content; text files as strings, binary files (nested .tgz) as bytes. */
  files: Record<string, string | Uint8Array>;
  releaseName?: string;
  namespace?: string;
  limits?: Partial<PreviewLimits>;
}

export interface EditorMarker {
  /** Chart-relative path, e.g. `templates/job.yaml`. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  /** What found it: the renderer, the hook lint, or the values schema check. */
  source: "render" | "hook lint" | "values schema";
}

/** One template's rendered output, secrets masked. */
export interface PreviewFile {
  source: string;
  text: string;
}

export interface PreviewResult {
  ok: boolean;
  /** helm's error text when the chart could not be loaded or rendered. */
  error?: string;
  /** True when the render was stopped by a limit (time, output size) rather than by a chart error. */
  limitExceeded?: boolean;
  markers: EditorMarker[];
  manifests: PreviewFile[];
  plan: HookPlan | null;
  /** The plan as `hookline plan` prints it. */
  planText: string;
  lint: LintFinding[];
  elapsedMs: number;
}
