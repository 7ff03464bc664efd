import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, mkdir, readFile, rm, writeFile, cp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { databaseConfig, type DatabaseConfig } from "@/lib/db/config";
import { openMigrationConnection } from "@/lib/db/connections";
import { applyMigrations, readMigrations, MigrationError } from "@/lib/db/migrate";
import { migrateDatabase, migrationsDir } from "@/lib/db/setup";
import { createTestDatabase, postgresAvailable } from "@/test/helpers/postgres";

const run = promisify(execFile);
const shim = path.resolve(process.cwd(), "../shared/tools/prisma-schema-engine-wasm.mjs");

async function prismaStatus(config: DatabaseConfig): Promise<string> {
  const { stdout } = await run(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "status"], {
    env: { ...process.env, DATABASE_URL: config.url, PRISMA_SCHEMA_ENGINE_BINARY: shim, CHECKPOINT_DISABLE: "1" },
  });
  return stdout;
}

/** Exit code of `prisma migrate diff --exit-code` between the migrated database and the schema: 0 means no drift. */
async function prismaDrift(config: DatabaseConfig): Promise<number> {
  const schema = config.dialect === "sqlite" ? "prisma/schema.prisma" : "prisma/postgres/schema.prisma";
  return run(
    process.execPath,
    ["node_modules/prisma/build/index.js", "migrate", "diff", "--from-config-datasource", "--to-schema", schema, "--script", "--exit-code"],
    { env: { ...process.env, DATABASE_URL: config.url, PRISMA_SCHEMA_ENGINE_BINARY: shim, CHECKPOINT_DISABLE: "1" } },
  ).then(
    () => 0,
    (e: { code: number }) => e.code,
  );
}

async function exerciseClient(config: DatabaseConfig) {
  const db = createDb(config);
  try {
    const user = await db.user.create({ data: { username: `u${Date.now()}`, role: "operator" } });
    const op = await db.operation.create({
      data: { kind: "upgrade", namespace: "default", releaseName: "demo", userId: user.id, events: { create: [{ seq: 1, at: new Date(), type: "operation.started" }] } },
      include: { events: true },
    });
    expect(op.events).toHaveLength(1);
    expect(await db.operation.count({ where: { userId: user.id } })).toBe(1);
  } finally {
    await db.$disconnect();
  }
}

describe("migrations on a fresh SQLite file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "hookline-db-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("applies every migration once, records it as Prisma does, and the Prisma client works on the result", async () => {
    const config = databaseConfig({ HOOKLINE_DATA_DIR: path.join(dir, "data") });
    expect(config.dialect).toBe("sqlite");
    const first = await migrateDatabase(config);
    const migrations = await readMigrations(migrationsDir("sqlite"));
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const second = await migrateDatabase(config);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const conn = openMigrationConnection(config);
    const rows = await conn.query<{ migration_name: string; checksum: string; applied_steps_count: number; finished_at: string }>(
      `SELECT * FROM "_prisma_migrations"`,
    );
    await conn.close();
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    for (const row of rows) {
      const m = migrations.find((x) => x.name === row.migration_name)!;
      expect(row.checksum).toBe(m.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    }
    await exerciseClient(config);
  });

  it.skipIf(!existsSync(shim))("leaves a database the real Prisma CLI reports as up to date, with no drift from the schema", async () => {
    const config = databaseConfig({ DATABASE_URL: `file:${path.join(dir, "cli.db")}` });
    await migrateDatabase(config);
    expect(await prismaStatus(config)).toContain("Database schema is up to date!");
    expect(await prismaDrift(config)).toBe(0);
  });

  it("refuses a migration that was edited after it was applied, and records a failed one with its error", async () => {
    const root = path.join(dir, "root");
    await cp(path.join(process.cwd(), "prisma"), path.join(root, "prisma"), { recursive: true });
    const config = databaseConfig({ DATABASE_URL: `file:${path.join(dir, "edited.db")}` });
    await migrateDatabase(config, root);

    const first = (await readMigrations(migrationsDir("sqlite", root)))[0];
    const firstFile = path.join(migrationsDir("sqlite", root), first.name, "migration.sql");
    await writeFile(firstFile, (await readFile(firstFile, "utf8")) + "\n-- edited\n");
    await expect(migrateDatabase(config, root)).rejects.toThrow(/was modified after it was applied/);
    await writeFile(firstFile, first.sql);

    const broken = path.join(migrationsDir("sqlite", root), "99990101000000_broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "migration.sql"), 'CREATE TABLE "Nope" (id TEXT);\nTHIS IS NOT SQL;\n');
    const err = await migrateDatabase(config, root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(String(err)).toContain("99990101000000_broken failed");
    const conn = openMigrationConnection(config);
    const rows = await conn.query<{ migration_name: string; finished_at: string | null; logs: string | null }>(
      `SELECT migration_name, finished_at, logs FROM "_prisma_migrations" WHERE migration_name = $1`,
      ["99990101000000_broken"],
    );
    await conn.close();
    expect(rows).toHaveLength(1);
    expect(rows[0].finished_at).toBeNull();
    expect(rows[0].logs).toMatch(/syntax error/);
    // A failed migration blocks the next start until someone resolves it, as in Prisma.
    await expect(migrateDatabase(config, root)).rejects.toThrow(/failed earlier and must be resolved/);
  });
});

describe("migrations on PostgreSQL", async () => {
  const available = await postgresAvailable();
  it.skipIf(!available)("applies the PostgreSQL migrations, concurrently from two processes' worth of connections, once", async () => {
    const { url, drop } = await createTestDatabase();
    try {
      const config = databaseConfig({ DATABASE_URL: url });
      expect(config.dialect).toBe("postgresql");
      const migrations = await readMigrations(migrationsDir("postgresql"));
      const [a, b] = await Promise.all([
        applyMigrations(openMigrationConnectionClosing(config), migrations),
        applyMigrations(openMigrationConnectionClosing(config), migrations),
      ]);
      // The advisory lock serialises the two appliers: one applies, the other finds everything applied.
      expect([...a.applied, ...b.applied].sort()).toEqual(migrations.map((m) => m.name));
      await exerciseClient(config);
      if (existsSync(shim)) {
        expect(await prismaStatus(config)).toContain("Database schema is up to date!");
        // The PostgreSQL migrations are written for PostgreSQL; the schema engine finds nothing missing or extra.
        expect(await prismaDrift(config)).toBe(0);
      }
    } finally {
      await drop();
    }
  });
});

/** A connection that closes itself after the applier's lock is released. */
function openMigrationConnectionClosing(config: DatabaseConfig) {
  const conn = openMigrationConnection(config);
  return { ...conn, withLock: async <T>(fn: () => Promise<T>) => { try { return await conn.withLock(fn); } finally { await conn.close(); } } };
}
