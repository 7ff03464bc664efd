#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages that the registry mirror here does not
// serve (e.g. @next/swc-darwin-arm64 at the exact version Next pins). `npm install` silently leaves them out, and
// `npm ci` then refuses the lockfile ("Missing: … from lock file"). Each added entry names the package's platform,
// so npm ci on this machine's kind (linux x64) skips it without fetching anything. Run after every `npm install`
// that changes the lockfile.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lockPath = path.join(root, "package-lock.json");
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;

const OS = ["android", "darwin", "freebsd", "linux", "win32", "openharmony", "netbsd", "openbsd", "sunos", "aix", "wasi"];
const CPU = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"];

function platformOf(name) {
  const tokens = name.split("/").pop().split("-");
  const os = tokens.find((t) => OS.includes(t));
  const cpu = tokens.find((t) => CPU.includes(t));
  return { os, cpu };
}

/** Where npm would look for `dep` required from the package at `location`: nested first, then each ancestor. */
function resolves(location, dep) {
  let base = location;
  for (;;) {
    if (packages[`${base ? `${base}/` : ""}node_modules/${dep}`]) return true;
    if (!base) return false;
    const idx = base.lastIndexOf("/node_modules/");
    base = idx === -1 ? "" : base.slice(0, idx);
  }
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, dep)) continue;
    const { os, cpu } = platformOf(dep);
    if (!os && !cpu) {
      console.error(`cannot tell the platform of missing optional package ${dep}; leaving it out`);
      continue;
    }
    if (os === "linux" && cpu === "x64") continue; // this machine's platform: it must really be installed
    packages[`node_modules/${dep}`] = {
      version: spec.replace(/^[\^~=]/, ""),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os && os !== "wasi" ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
    };
    added++;
  }
}

// npm orders lockfile entries with an English locale comparison; keep its order so a rerun changes nothing.
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b, "en"))));
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: added ${added} platform-specific optional entries the registry does not serve`);
