/**
 * The one place lib/chart decodes YAML: the engine's codec (sigs.k8s.io/yaml semantics: YAML 1.1 scalars, every
 * number float64, keys stringified), with its Go error texts turned into ChartErrors that carry the file and
 * the line/column when the codec knows them.
 */
import { loadYaml, loadYamlDocuments, YamlError } from "@/lib/template/codec";
import type { GoValue } from "@/lib/template/value";
import { ChartError } from "./errors";

function asChartError(e: unknown, fileName: string): unknown {
  if (e instanceof YamlError) {
    return new ChartError(e.message, { file: fileName, line: e.line || undefined, column: e.column || undefined });
  }
  return e;
}

/**
 * A values stream: helm's document splitting, each document decoded; messages start with
 * "cannot unmarshal yaml document: " as helm's.
 */
export function decodeYamlDocuments(text: string, fileName: string): GoValue[] {
  try {
    return loadYamlDocuments(text);
  } catch (e) {
    throw asChartError(e, fileName);
  }
}

/** The first document of `text` (yaml.Unmarshal); messages start with "error converting YAML to JSON: ". */
export function decodeYaml(text: string, fileName: string): GoValue {
  try {
    return loadYaml(text);
  } catch (e) {
    throw asChartError(e, fileName);
  }
}
