/**
 * Brings a database up to date at start: opens a plain connection, applies the committed migrations of the right
 * dialect, and closes it. Used by `npm start`, the CLI and the tests.
 */
import path from "node:path";
import { databaseConfig, type DatabaseConfig } from "./config";
import { openMigrationConnection } from "./connections";
import { applyMigrations, readMigrations, type MigrationResult } from "./migrate";

/** The committed migrations folder for a dialect. `root` is the Hookline installation (default: the working directory). */
export function migrationsDir(dialect: DatabaseConfig["dialect"], root = process.env.HOOKLINE_ROOT ?? process.cwd()): string {
  return dialect === "sqlite" ? path.join(root, "prisma", "migrations") : path.join(root, "prisma", "postgres", "migrations");
}

export async function migrateDatabase(config: DatabaseConfig = databaseConfig(), root?: string): Promise<MigrationResult> {
  const conn = openMigrationConnection(config);
  try {
    return await applyMigrations(conn, await readMigrations(migrationsDir(config.dialect, root)));
  } finally {
    await conn.close();
  }
}
