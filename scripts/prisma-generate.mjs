#!/usr/bin/env node
// Generates the Prisma clients Hookline uses: one for SQLite (the default) and one for PostgreSQL.
// A Prisma client is bound to one SQL dialect, so prisma/postgres/schema.prisma is derived from
// prisma/schema.prisma with only the provider and output changed; both are generated offline
// (generate never runs the schema engine, but the CLI insists that the variable names an existing file).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sqliteSchema = path.join(root, "prisma", "schema.prisma");
const pgSchema = path.join(root, "prisma", "postgres", "schema.prisma");

export function derivePostgresSchema(text) {
  return text
    .replace(/^\/\/ Hookline's database\..*?\n(?:\/\/.*\n)*/m, "// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs: edit that file, not this one.\n")
    .replace('output       = "../lib/db/generated/sqlite"', 'output       = "../../lib/db/generated/postgres"')
    .replace('provider = "sqlite"', 'provider = "postgresql"');
}

const derived = derivePostgresSchema(readFileSync(sqliteSchema, "utf8"));
mkdirSync(path.dirname(pgSchema), { recursive: true });
writeFileSync(pgSchema, derived);

const env = {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
};
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");
for (const schema of [sqliteSchema, pgSchema]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", schema], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}
console.log("prisma clients generated (sqlite, postgres)");
