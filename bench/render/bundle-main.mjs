#!/usr/bin/env node
// Runs the CLI bundle (dist/cli.mjs) as bin/hookline does once it has found the bundle fresh, without that check:
// the benchmarks time the bundle itself, and a source edit by someone else mid-run cannot switch them to tsx.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
process.env.HOOKLINE_ROOT ??= root;
const { main } = await import(pathToFileURL(path.join(root, "dist", "cli.mjs")).href);
process.exitCode = await main(process.argv.slice(2));
