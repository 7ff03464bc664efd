/**
 * The Prisma client for Hookline's database, bound to SQLite (better-sqlite3 adapter) or PostgreSQL (pg adapter)
 * according to lib/db/config. Both generated clients come from one schema, so they share one TypeScript shape.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { databaseConfig, type DatabaseConfig } from "./config";

export type Db = SqliteClient;

export function createDb(config: DatabaseConfig = databaseConfig()): Db {
  if (config.dialect === "sqlite") {
    mkdirSync(path.dirname(config.file), { recursive: true });
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: config.url }) });
  }
  // The generated PostgreSQL client has the same models and methods; only its SQL dialect differs.
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: config.url }) }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { hooklineDb?: Db };

/** One client per process (Next.js may evaluate modules more than once in development). */
export function db(): Db {
  globalForDb.hooklineDb ??= createDb();
  return globalForDb.hooklineDb;
}
