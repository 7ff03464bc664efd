import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(import.meta.dirname, "../..");
const ROOT = path.join(REPO, "lib/hooks");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
}

function resolveModule(from: string, spec: string): string | undefined {
  const base = spec.startsWith("@/") ? path.join(REPO, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : undefined;
  if (!base) return undefined;
  return [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => existsSync(candidate));
}

/** Every module reachable from `file`, and the bare (package or node:) imports among them. */
function reach(file: string, seen = new Set<string>(), bare = new Set<string>()): Set<string> {
  if (seen.has(file)) return bare;
  seen.add(file);
  for (const spec of importsOf(file)) {
    const resolved = resolveModule(file, spec);
    if (resolved) reach(resolved, seen, bare);
    else bare.add(spec);
  }
  return bare;
}

// lib/hooks also runs in the editor's Web Worker: everything it reaches must be browser-safe.
describe("lib/hooks stays browser-safe", () => {
  const files = sources(ROOT);

  it("has sources to check", () => expect(files.length).toBeGreaterThan(10));

  it.each(files.map((file) => [path.relative(ROOT, file), file]))("%s reaches no package but yaml and no Node API", (_, file) => {
    expect([...reach(file)].filter((spec) => spec !== "yaml")).toEqual([]);
    expect(readFileSync(file, "utf8")).not.toMatch(/\b(?:Buffer|process|require)\b[.(]/);
  });
});
