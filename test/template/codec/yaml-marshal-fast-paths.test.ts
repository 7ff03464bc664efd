/**
 * The encoder's shortcuts (integral numbers printed directly, remembered plain/quoted decisions for short strings,
 * literal blocks written line by line, keys sorted without re-decoding) against the real helm, on the inputs where
 * a shortcut and the general path could part ways.
 */
import { describe, expect, it } from "vitest";
import { marshalYaml, marshalYamlV3 } from "@/lib/template/codec";
import { GoMap } from "@/lib/template/value";
import { goValueFromJs } from "./go-values";
import type { Json } from "./generate";
import { renderWithHelm, valuesYamlFor } from "./helm-oracle";

const cases: Json[] = [
  [0, 1, -42, 8080, 123456789012, 9007199254740991, 9007199254740992, 1e15, 1e20, 1e21, 0.5, -1.25, 1e-7],
  // The same short strings as keys and values, in both dialects, several times (the remembered answers).
  [{ yes: "yes", no: "n", on: "ON", "<<": "~", "1.5": "1:20", true: "null" }, { yes: "yes", y: "Y", "0x1F": "017" }, "yes", "1:20"],
  { k10: 1, k9: 2, "k-1": 3, K: 4, k: 5, "k 1": 6, "10": 7, "9": 8, "": 9, "a.b": 10, ab1c: 11, ab01c: 12 },
  { nested: { deeper: ["a\n\n  b\n", "one\ntwo", "trailing\n\n", "\nleading", "tab\tin\nblock\n", "crlf\r\nline", "ls\u2028sep\n", "nel\u0085x\n"] } },
];

describe("toYaml shortcuts against helm", () => {
  it("match toYaml and toYamlPretty byte for byte", async () => {
    const exprs = cases.flatMap((_, i) => [`toYaml (index .Values.cases ${i})`, `toYamlPretty (index .Values.cases ${i})`]);
    const helm = await renderWithHelm(exprs, { values: valuesYamlFor({ cases }) });
    const ours = cases.flatMap((c) => [marshalYaml(goValueFromJs(c)), marshalYamlV3(goValueFromJs(c))].map((s) => s.replace(/\n$/, "")));
    expect(ours).toEqual(helm);
  }, 30_000);

  it("prints -0 as 0 (encoding/json's -0 read back as an int) and keeps the later of two keys that print alike", () => {
    expect(marshalYaml(-0)).toBe("0\n");
    // Two lone surrogates both print as U+FFFD: the map holds one key then, with the later value.
    expect(marshalYaml(new GoMap([["\ud800", 1], ["b", 2], ["\udfff", 3]]))).toBe("\ufffd: 3\nb: 2\n"); // U+FFFD is no letter: it sorts first
  });
});
