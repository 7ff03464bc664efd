/**
 * What every lint rule receives: the documents as Helm classifies them, the hooks in stored order, the options,
 * and one `report` function that turns a YAML node into a positioned finding. Rules never format positions.
 */
import type { Node } from "yaml";
import type { Classified, HookRecord } from "../classify";
import type { DocumentPosition, ParsedDocument } from "../document";
import { locate, toFilePosition } from "../positions";
import type { HookOptions, LintFinding, Severity, WaitStrategy } from "../types";
import { DEFAULT_NAMESPACE } from "../vocabulary";

export interface LintContext {
  classified: readonly Classified[];
  /** Hooks in the order Helm stores them. */
  hooks: readonly HookRecord[];
  namespace: string;
  wait: WaitStrategy;
  report(document: ParsedDocument, at: Node | DocumentPosition | null | undefined, severity: Severity, rule: string, message: string): void;
}

export type LintRule = (context: LintContext) => void;

function isDocumentPosition(value: unknown): value is DocumentPosition {
  return typeof value === "object" && value !== null && "line" in value && "column" in value;
}

export function createLintContext(
  classified: readonly Classified[],
  hooks: readonly HookRecord[],
  options: HookOptions,
  findings: LintFinding[],
): LintContext {
  return {
    classified,
    hooks,
    namespace: options.namespace ?? DEFAULT_NAMESPACE,
    wait: options.wait ?? "hookOnly",
    report(document, at, severity, rule, message) {
      const position = isDocumentPosition(at) ? toFilePosition(document, at) : locate(document, at);
      findings.push({ file: position.file, line: position.line, column: position.column, severity, message, rule });
    },
  };
}
