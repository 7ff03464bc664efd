/**
 * How a YAML number becomes the text of a Go string field when sigs.k8s.io/yaml decodes Chart.yaml or a manifest
 * head: go-yaml hands over an int (printed with FormatInt) or a float64 (printed with FormatFloat 'g', -1).
 * Our decoder has already made every number a float64, so integral values are taken to have been YAML ints,
 * by far the common case (`version: 1.0` gives "1" either way).
 */
import { formatFloatG } from "@/lib/template/codec";

export function formatGoFloat(f: number): string {
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) return BigInt(f).toString();
  return formatFloatG(f);
}
