/** `hookline migrate`: brings the database (SQLite under HOOKLINE_DATA_DIR, or DATABASE_URL) up to date. */
import { Command } from "commander";
import { databaseConfig, describeDatabase } from "@/lib/db/config";
import { migrateDatabase } from "@/lib/db/setup";

export function migrateCommand(): Command {
  return new Command("migrate").description("apply Hookline's database migrations").action(async () => {
    const config = databaseConfig();
    const result = await migrateDatabase(config);
    const applied = result.applied.length ? `applied ${result.applied.join(", ")}` : "already up to date";
    process.stdout.write(`${describeDatabase(config)}: ${applied}\n`);
  });
}
