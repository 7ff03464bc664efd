/**
 * The user-supplied values of one render, merged in helm's order (pkg/cli/values Options.MergeValues):
 * `-f` files in order, then --set-json, --set, --set-string, --set-file, --set-literal (each flag in the order
 * given). Error texts are helm's.
 */
import { GoMap } from "@/lib/template/value";
import { ChartError } from "./errors";
import { jsonToGo, parseSetFileInto, parseSetInto, parseSetJsonInto, parseSetLiteralInto, parseSetStringInto } from "./strvals";
import { mergeMaps } from "./value-maps";
import { parseValuesFile } from "./values-file";

export interface ValuesFile {
  /** The name as the user gave it (`-f <name>`), used in errors. */
  name: string;
  content: string | Uint8Array;
}

export interface UserValueOptions {
  valueFiles?: ValuesFile[];
  setJson?: string[];
  set?: string[];
  setString?: string[];
  setFile?: string[];
  setLiteral?: string[];
  /** Reads a `--set-file` path; throw an Error whose message is the reason (e.g. "open x: no such file or directory"). */
  readFile?: (path: string) => string;
}

function wrap(prefix: string, e: unknown): ChartError {
  return new ChartError(`${prefix}: ${(e as Error).message}`);
}

export function mergeUserValues(options: UserValueOptions): GoMap {
  let base = new GoMap();
  for (const file of options.valueFiles ?? []) {
    const text = typeof file.content === "string" ? file.content : new TextDecoder().decode(file.content);
    let parsed: GoMap;
    try {
      parsed = parseValuesFile(text.replace(/^\uFEFF/, ""), file.name);
    } catch (e) {
      const err = e as ChartError;
      throw new ChartError(`failed to parse ${file.name}: ${err.message}`, { file: file.name, line: err.line, column: err.column });
    }
    base = mergeMaps(base, parsed);
  }
  for (const value of options.setJson ?? []) {
    const trimmed = value.trim();
    if (trimmed.startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw new ChartError(`failed parsing --set-json data JSON: ${value}`);
      }
      base = mergeMaps(base, jsonToGo(parsed) as GoMap);
    } else {
      try {
        parseSetJsonInto(value, base);
      } catch {
        throw new ChartError(`failed parsing --set-json data ${value}`);
      }
    }
  }
  for (const value of options.set ?? []) {
    try {
      parseSetInto(value, base);
    } catch (e) {
      throw wrap("failed parsing --set data", e);
    }
  }
  for (const value of options.setString ?? []) {
    try {
      parseSetStringInto(value, base);
    } catch (e) {
      throw wrap("failed parsing --set-string data", e);
    }
  }
  const readFile =
    options.readFile ??
    ((path: string) => {
      throw new Error(`open ${path}: no such file or directory`);
    });
  for (const value of options.setFile ?? []) {
    try {
      parseSetFileInto(value, base, readFile);
    } catch (e) {
      throw wrap("failed parsing --set-file data", e);
    }
  }
  for (const value of options.setLiteral ?? []) {
    try {
      parseSetLiteralInto(value, base);
    } catch (e) {
      throw wrap("failed parsing --set-literal data", e);
    }
  }
  return base;
}
