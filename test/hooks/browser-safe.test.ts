import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../lib/hooks");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : [],
  );
}

// lib/hooks also runs in the editor's Web Worker, so it may only import browser-safe modules.
describe("lib/hooks stays browser-safe", () => {
  const files = sources(ROOT);

  it("has sources to check", () => expect(files.length).toBeGreaterThan(10));

  it.each(files.map((file) => [path.relative(ROOT, file), file]))("%s imports only relative modules and yaml", (_, file) => {
    const text = readFileSync(file, "utf8");
    const imports = [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(imports.filter((spec) => !spec.startsWith(".") && spec !== "yaml")).toEqual([]);
    expect(text).not.toMatch(/\b(?:Buffer|process|require)\b[.(]/);
  });
});
