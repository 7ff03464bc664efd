import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { databaseConfig } from "@/lib/db/config";
import { acquireReleaseLock, releaseLockHolder, releaseLockKey, releaseReleaseLock } from "@/lib/db/release-lock";
import { migrateDatabase } from "@/lib/db/setup";
import { createTestSqlite } from "@/test/helpers/database";
import { createTestDatabase, postgresAvailable } from "@/test/helpers/postgres";

/** Two clients on one database stand for two Hookline processes; each races to lock the same release. */
async function race(a: Db, b: Db) {
  const key = releaseLockKey("prod", "shop", "web");
  const results = await Promise.all([acquireReleaseLock(a, key, "op-a"), acquireReleaseLock(b, key, "op-b")]);
  expect(results.filter(Boolean)).toHaveLength(1);
  const winner = results[0] ? "op-a" : "op-b";
  expect(await releaseLockHolder(a, key)).toBe(winner);
  // The loser cannot release someone else's lock; the winner can, and then the release is free again.
  await releaseReleaseLock(a, key, winner === "op-a" ? "op-b" : "op-a");
  expect(await releaseLockHolder(b, key)).toBe(winner);
  await releaseReleaseLock(b, key, winner);
  expect(await releaseLockHolder(a, key)).toBeUndefined();
  expect(await acquireReleaseLock(b, key, "op-c")).toBe(true);
  // Other releases are independent.
  expect(await acquireReleaseLock(a, releaseLockKey("prod", "shop", "db"), "op-d")).toBe(true);
}

describe("release locks across processes", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("on SQLite, exactly one of two concurrent operations gets the release", async () => {
    const first = await createTestSqlite();
    cleanups.push(first.cleanup);
    const second = createDb(databaseConfig({ HOOKLINE_DATA_DIR: first.dir }));
    cleanups.push(() => second.$disconnect());
    await race(first.db, second);
  });

  it("on PostgreSQL, exactly one of two concurrent operations gets the release", async () => {
    if (!(await postgresAvailable())) return;
    const { url, drop } = await createTestDatabase();
    cleanups.push(drop);
    const config = databaseConfig({ DATABASE_URL: url });
    await migrateDatabase(config);
    const a = createDb(config);
    const b = createDb(config);
    cleanups.push(async () => {
      await a.$disconnect();
      await b.$disconnect();
    });
    await race(a, b);
  });
});
