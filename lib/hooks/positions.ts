/**
 * Turns a position inside one parsed document into what a reader can open: the template line when the renderer
 * gave a source map, otherwise the line within the rendered text the document was cut from.
 */
import type { Node } from "yaml";
import type { DocumentPosition, ParsedDocument } from "./document";

interface FilePosition {
  file: string;
  line: number;
  column: number;
}

export function toFilePosition(document: ParsedDocument, at: DocumentPosition): FilePosition {
  const { source, sourceMap, startLine = 1 } = document.input;
  const mapped = sourceMap?.[at.line - 1];
  if (mapped) return { file: mapped.file ?? source, line: mapped.line, column: mapped.column + at.column - 1 };
  return { file: source, line: startLine + at.line - 1, column: at.column };
}

/** Position of a YAML node (or of the document start) in file terms. */
export function locate(document: ParsedDocument, node: Node | null | undefined): FilePosition {
  return toFilePosition(document, document.positionOf(node));
}
