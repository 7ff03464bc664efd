/**
 * Plain SQL connections for the migration applier: better-sqlite3 for SQLite files, node-postgres for PostgreSQL.
 * The application itself talks to the database through Prisma (lib/db/client.ts); these exist so that applying
 * migrations needs neither Prisma's schema engine nor its query engine.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseConfig } from "./config";
import type { MigrationConnection } from "./migrate";

/** An arbitrary, fixed key for PostgreSQL's advisory lock, so that two Hookline processes never migrate at once. */
const MIGRATION_LOCK_KEY = 7_246_115_001;

export interface ClosableConnection extends MigrationConnection {
  close(): Promise<void>;
}

function sqliteConnection(file: string): ClosableConnection {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 10000");
  // better-sqlite3 binds positional `?` parameters; our statements are written with `$1`-style placeholders.
  const positional = (sql: string) => sql.replace(/\$\d+/g, "?");
  return {
    dialect: "sqlite",
    async executeScript(sql) {
      db.exec(sql);
    },
    async execute(sql, params) {
      db.prepare(positional(sql)).run(...params);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return db.prepare(positional(sql)).all(...params) as T[];
    },
    async withLock(fn) {
      // A second process waits on SQLite's write lock (busy_timeout) rather than on an explicit lock here.
      return fn();
    },
    async close() {
      db.close();
    },
  };
}

function postgresConnection(url: string): ClosableConnection {
  const client = new pg.Client({ connectionString: url });
  let connected: Promise<unknown> | undefined;
  const ready = () => (connected ??= client.connect());
  return {
    dialect: "postgresql",
    async executeScript(sql) {
      await ready();
      await client.query(sql);
    },
    async execute(sql, params) {
      await ready();
      await client.query(sql, params);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      await ready();
      const res = await client.query(sql, params);
      return res.rows as T[];
    },
    async withLock(fn) {
      await ready();
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      try {
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      }
    },
    async close() {
      if (connected) await client.end();
    },
  };
}

export function openMigrationConnection(config: DatabaseConfig): ClosableConnection {
  return config.dialect === "sqlite" ? sqliteConnection(config.file) : postgresConnection(config.url);
}
