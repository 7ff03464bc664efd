/**
 * Reading a values file (values.yaml, `-f` files): every YAML document must be a table (or empty); documents are
 * merged in order, later ones winning, as helm's loader.LoadValues does.
 */
import { GoMap } from "@/lib/template/value";
import { ChartError } from "./errors";
import { mergeMaps } from "./value-maps";
import { decodeYamlDocuments } from "./yaml-documents";

/** Throws a ChartError whose message is helm's text after "cannot load values.yaml: " / "failed to parse <file>: ". */
export function parseValuesFile(text: string, fileName: string): GoMap {
  let values = new GoMap();
  for (const doc of decodeYamlDocuments(text, fileName)) {
    if (doc === null) continue;
    if (!(doc instanceof GoMap)) {
      throw new ChartError(
        `cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(doc) ? "array" : typeof doc === "number" ? "number" : typeof doc === "boolean" ? "bool" : "string"} into Go value of type map[string]interface {}`,
        { file: fileName },
      );
    }
    values = mergeMaps(values, doc);
  }
  return values;
}

/** The chart with its values.yaml replaced by `values` (an upgrade with --reuse-values renders over the old release's values). */
export function withChartValues<C extends { values: GoMap }>(chart: C, values: Record<string, unknown> | undefined): C {
  return values ? { ...chart, values: parseValuesFile(JSON.stringify(values), "values.yaml") } : chart;
}
