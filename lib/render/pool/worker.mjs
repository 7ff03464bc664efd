// The entry of a render worker process (lib/render/pool), plain JavaScript so that it starts the same way
// everywhere: from the Next.js server (which bundles server code, so the worker cannot be one of its modules), under
// tsx (tests, scripts) and under vitest. It runs the bundle dist/render-worker.mjs (made by `npm install` and
// `npm run build`) while that is newer than the sources, and otherwise the TypeScript sources through tsx, as
// bin/hookline does for the CLI.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const bundle = path.join(root, "dist", "render-worker.mjs");
if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(path.join(root, "lib"))) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  await import(pathToFileURL(path.join(root, "lib", "render", "pool", "worker-main.ts")).href);
}
