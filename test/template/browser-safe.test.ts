/**
 * lib/template runs in the browser too: its engine modules must not import Node built-ins or read process state.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(process.cwd(), "lib/template");
const ENGINE_PATHS = ["lexer.ts", "parse", "exec", "engine.ts", "builtins.ts", "errors.ts", "index.ts"];

function sources(p: string): string[] {
  const full = path.join(ROOT, p);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((f) => sources(path.join(p, f)));
}

it("engine modules use no Node-only API", () => {
  const offenders: string[] = [];
  for (const file of ENGINE_PATHS.flatMap(sources)) {
    const text = readFileSync(file, "utf8");
    if (/from\s+["']node:|require\(|\bprocess\.(env|argv|cwd|exit|platform|version)|\bBuffer\b|from\s+["'](fs|path|os|crypto|util)["']/.test(text)) offenders.push(path.relative(ROOT, file));
  }
  expect(offenders).toEqual([]);
});
