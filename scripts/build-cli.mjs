#!/usr/bin/env node
// Bundles the CLI (lib/cli and everything it imports from lib/) into dist/cli.mjs with esbuild, so `hookline`
// starts without compiling TypeScript on every run. Packages with native code or their own loaders stay external,
// loaded from node_modules; pure-JS libraries are bundled (some are only importable through bundler resolution).
// bin/hookline uses the bundle while it is newer than every source file, and falls back to tsx otherwise.
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const cli = await build({
  entryPoints: [path.join(root, "lib", "cli", "main.ts")],
  outdir: path.join(root, "dist"),
  entryNames: "cli",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  // Each subcommand is a dynamic import in lib/cli/main.ts: split them so a command loads only what it uses.
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3", "pg", "@prisma/*", "prisma", "@kubernetes/client-node", "tsx", "esbuild", "yauzl", "playwright-core"],
  tsconfig: path.join(root, "tsconfig.json"),
  sourcemap: "linked",
  logLevel: "warning",
  // Modules bundled into ESM still meet the odd require(); give them one.
  banner: { js: "import { createRequire as __hooklineCreateRequire } from 'node:module'; const require = __hooklineCreateRequire(import.meta.url);" },
  metafile: true,
});
// Chunk names carry a content hash, so every change of the sources leaves the previous build's chunks behind:
// remove those this build did not write (a CLI already running has loaded its chunks; new runs read the new ones).
// esbuild names its outputs relative to the working directory.
const written = new Set(Object.keys(cli.metafile.outputs).map((file) => path.resolve(file)));
const chunkDir = path.join(root, "dist", "chunks");
for (const name of readdirSync(chunkDir)) {
  const file = path.join(chunkDir, name);
  if (!written.has(file)) rmSync(file, { force: true });
}
console.log("CLI bundled into dist/cli.mjs");

// The render worker process (lib/render/pool) in one file, so servers start workers without compiling TypeScript;
// lib/render/pool/worker.mjs runs it while it is newer than the sources.
await build({
  entryPoints: [path.join(root, "lib", "render", "pool", "worker-main.ts")],
  outfile: path.join(root, "dist", "render-worker.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: path.join(root, "tsconfig.json"),
  sourcemap: "linked",
  logLevel: "warning",
  banner: { js: "import { createRequire as __hooklineCreateRequire } from 'node:module'; const require = __hooklineCreateRequire(import.meta.url);" },
});
console.log("render worker bundled into dist/render-worker.mjs");
