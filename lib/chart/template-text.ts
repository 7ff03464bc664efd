/**
 * A template file's text, decoded once per file content: a chart rendered again (the editor's preview, the render
 * pool, an upgrade after its plan) hands the engine the same string objects, whose parse results and hashes the
 * engine has cached. Keyed by the bytes, so a chart edited in the editor (new bytes) is decoded afresh.
 */
import type { ChartFile } from "./types";

const utf8 = new TextDecoder("utf-8");
const decoded = new WeakMap<Uint8Array, string>();

export function templateText(file: ChartFile): string {
  let text = decoded.get(file.data);
  if (text === undefined) {
    text = utf8.decode(file.data);
    decoded.set(file.data, text);
  }
  return text;
}
