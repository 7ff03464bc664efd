/**
 * Sprintf against outputs recorded from the real helm v4.1.4 (`{{ printf <format> <args> }}` on a throwaway
 * chart; fixtures/printf-helm.json). Arguments are stored with their Go types.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sprintf } from "@/lib/template/fmt";
import { GoInt, GoMap, goSlice, type GoValue, type IntKind } from "@/lib/template/value";

interface Fixture {
  format: string;
  args: unknown[];
  expected: string;
}

function decode(v: unknown): GoValue {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  const [[kind, x]] = Object.entries(v as Record<string, unknown>);
  switch (kind) {
    case "float":
      return typeof x === "string" ? Number(x) : (x as number);
    case "bytes":
      return Uint8Array.from(x as number[]);
    case "list":
      return goSlice((x as unknown[]).map(decode));
    case "dict":
      return new GoMap((x as [string, unknown][]).map(([k, e]) => [k, decode(e)] as const));
    default:
      return new GoInt(x as number, kind as IntKind);
  }
}

const fixtures = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "printf-helm.json"), "utf8")) as Fixture[];

describe("sprintf matches helm v4.1.4", () => {
  for (const f of fixtures) {
    it(`${JSON.stringify(f.format)} ${JSON.stringify(f.args)}`, () => {
      expect(sprintf(f.format, f.args.map(decode))).toBe(f.expected);
    });
  }
});
