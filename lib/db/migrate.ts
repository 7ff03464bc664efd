/**
 * Applies Hookline's committed Prisma migrations without Prisma's schema engine.
 *
 * It does what `prisma migrate deploy` does, and records each migration in `_prisma_migrations` exactly as Prisma
 * does (same table, uuid id, lowercase hex SHA-256 of migration.sql as checksum, started_at/finished_at,
 * applied_steps_count 1, the error text in logs on failure), so the same database can later be managed by the real
 * Prisma CLI and vice versa. As in Prisma, a script is not wrapped in a transaction, and a failed migration blocks
 * further ones until someone resolves it.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The little a migration applier needs from a SQL connection. */
export interface MigrationConnection {
  dialect: "sqlite" | "postgresql";
  /** Runs a script of one or more statements. */
  executeScript(sql: string): Promise<void>;
  /** Runs one parameterised statement ($1, $2, … placeholders). */
  execute(sql: string, params: unknown[]): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Serialises appliers across processes (PostgreSQL advisory lock; SQLite's write lock). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: string | Date | null;
  rolled_back_at: string | Date | null;
  logs: string | null;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

const CREATE_TABLE = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
} as const;

/** The migrations of a Prisma migrations folder, in the order Prisma applies them (folder name order). */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(dir, name, "migration.sql"));
    migrations.push({ name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") });
  }
  return migrations;
}

/** A timestamp in the form Prisma's SQLite adapter stores (`2026-11-24T05:27:54.069+00:00`), or a Date for PostgreSQL. */
function timestamp(dialect: MigrationConnection["dialect"], at: Date): string | Date {
  return dialect === "sqlite" ? at.toISOString().replace("Z", "+00:00") : at;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export async function applyMigrations(conn: MigrationConnection, migrations: Migration[]): Promise<MigrationResult> {
  return conn.withLock(async () => {
    await conn.executeScript(CREATE_TABLE[conn.dialect]);
    const rows = await conn.query<AppliedMigration>(
      `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at", "logs" FROM "_prisma_migrations" ORDER BY "started_at"`,
    );
    const live = rows.filter((r) => r.rolled_back_at === null);
    const failed = live.find((r) => r.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier and must be resolved before others are applied` +
          (failed.logs ? `: ${failed.logs.split("\n")[0]}` : ""),
      );
    }
    const done = new Map(live.map((r) => [r.migration_name, r]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const row = done.get(m.name);
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new MigrationError(`migration ${m.name} was modified after it was applied (checksum ${row.checksum} in the database, ${m.checksum} on disk)`);
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      const id = randomUUID();
      await conn.execute(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES ($1, $2, $3, $4, 0)`,
        [id, m.checksum, m.name, timestamp(conn.dialect, new Date())],
      );
      try {
        await conn.executeScript(m.sql);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await conn.execute(`UPDATE "_prisma_migrations" SET "logs" = $1 WHERE "id" = $2`, [message, id]);
        throw new MigrationError(`migration ${m.name} failed: ${message}`);
      }
      await conn.execute(`UPDATE "_prisma_migrations" SET "finished_at" = $1, "applied_steps_count" = 1 WHERE "id" = $2`, [
        timestamp(conn.dialect, new Date()),
        id,
      ]);
      result.applied.push(m.name);
    }
    return result;
  });
}
