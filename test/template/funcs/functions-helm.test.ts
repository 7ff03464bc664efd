/**
 * Function calls replayed against outputs recorded from the real helm v4.1.4 (`{{ <expr> }}` on a throwaway
 * chart with TZ=UTC; fixtures/functions-helm.json).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatValue } from "@/lib/template/fmt";
import { FuncError } from "@/lib/template/funcs/types";
import { evaluate } from "./expr";

interface Recorded {
  expr: string;
  out?: string;
  err?: string;
  /** Recorded alone: helm trimmed the surrounding whitespace of the whole output. */
  single?: boolean;
}

const recorded = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "functions-helm.json"), "utf8")) as Recorded[];

function render(expr: string): string {
  try {
    const v = evaluate(expr);
    return v === null ? "" : formatValue(v);
  } catch (e) {
    if (e instanceof FuncError) return `error: ${e.message}`;
    throw e;
  }
}

describe("functions match helm v4.1.4", () => {
  for (const r of recorded) {
    it(r.expr, () => {
      const expected = r.out ?? `error: ${(r.err ?? "").replace(/^.*?error calling \w+: /, "")}`;
      const actual = render(r.expr);
      expect(r.single && r.out !== undefined ? actual.trim() : actual).toBe(expected);
    });
  }
});
