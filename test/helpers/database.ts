/** A migrated SQLite database in a temporary directory, for tests that need the real schema. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { databaseConfig } from "@/lib/db/config";
import { migrateDatabase } from "@/lib/db/setup";

export async function createTestSqlite(): Promise<{ db: Db; dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "hookline-test-db-"));
  const config = databaseConfig({ HOOKLINE_DATA_DIR: dir });
  await migrateDatabase(config);
  const db = createDb(config);
  return {
    db,
    dir,
    async cleanup() {
      await db.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
