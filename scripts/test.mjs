#!/usr/bin/env node
// `npm test`: every suite, in the order that fails fastest on a typo — Prisma clients, typecheck, lint, unit +
// integration + conformance tests (vitest), production build, browser tests in headless Chromium. Every step runs
// even when an earlier one failed, so one run shows everything that is wrong; the exit code is non-zero if any
// step failed. The last line counts the tests of all vitest runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const results = path.join(root, "test-results");
mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", FORCE_COLOR: process.env.FORCE_COLOR ?? "0" };

const only = process.argv.slice(2);
const steps = [
  { name: "prisma", cmd: process.execPath, args: [path.join(root, "scripts", "prisma-generate.mjs")] },
  { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "lint", cmd: bin("eslint"), args: ["--max-warnings=0", "."] },
  { name: "vitest", cmd: bin("vitest"), args: ["run", "--reporter=default", "--reporter=json", `--outputFile=${path.join(results, "vitest.json")}`], report: "vitest.json" },
  { name: "build", cmd: bin("next"), args: ["build"] },
  {
    name: "browser",
    cmd: bin("vitest"),
    args: ["run", "--config", "vitest.browser.config.ts", "--reporter=default", "--reporter=json", `--outputFile=${path.join(results, "vitest-browser.json")}`],
    report: "vitest-browser.json",
  },
].filter((s) => only.length === 0 || only.includes(s.name));

const summary = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const step of steps) {
  if (step.report) rmSync(path.join(results, step.report), { force: true });
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const started = Date.now();
  const run = spawnSync(step.cmd, step.args, { cwd: root, env, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let ok = run.status === 0;
  if (step.report) {
    const file = path.join(results, step.report);
    if (existsSync(file)) {
      const report = JSON.parse(readFileSync(file, "utf8"));
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += report.numPendingTests + report.numTodoTests;
      if (report.numTotalTests === 0) ok = false;
    } else {
      ok = false;
    }
  }
  summary.push(`${ok ? "ok  " : "FAIL"} ${step.name} (${seconds}s)`);
}

process.stdout.write(`\n=== summary ===\n${summary.join("\n")}\n`);
process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(summary.some((line) => line.startsWith("FAIL")) ? 1 : 0);
