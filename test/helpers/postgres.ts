/**
 * A throwaway PostgreSQL database for tests. CI (.ci/run) starts Debian's PostgreSQL on 127.0.0.1 and sets
 * HOOKLINE_TEST_POSTGRES_URL; a developer machine without PostgreSQL skips these tests, except under CI where a
 * missing server is a failure.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

const adminUrl = process.env.HOOKLINE_TEST_POSTGRES_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres";

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI but ${adminUrl.replace(/:[^:@/]*@/, ":***@")} is not reachable: ${String(err)}`);
    return false;
  }
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hookline_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
