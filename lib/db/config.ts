/**
 * Where Hookline's database lives. PostgreSQL when DATABASE_URL is a postgres URL (teams, several Hookline
 * processes), otherwise a SQLite file under HOOKLINE_DATA_DIR (default ./data), or the file DATABASE_URL names.
 */
import path from "node:path";

/** Environment variables as read here; a plain record so tests can pass their own. */
export type Env = Record<string, string | undefined>;

export type DatabaseConfig =
  | { dialect: "sqlite"; file: string; url: string }
  | { dialect: "postgresql"; url: string };

export function dataDir(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.HOOKLINE_DATA_DIR || "./data");
}

export function databaseConfig(env: Env = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { dialect: "postgresql", url };
  if (url && url.startsWith("file:")) {
    const file = path.resolve(/*turbopackIgnore: true*/ url.slice("file:".length));
    return { dialect: "sqlite", file, url: `file:${file}` };
  }
  if (url) throw new Error(`DATABASE_URL must start with file: or postgresql:// (got ${url.split(":")[0]}:…)`);
  const file = path.join(dataDir(env), "hookline.db");
  return { dialect: "sqlite", file, url: `file:${file}` };
}

/** The URL with its password hidden, for logs and /api/health. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.dialect === "sqlite") return `sqlite:${config.file}`;
  try {
    const u = new URL(config.url);
    return `postgresql://${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "postgresql";
  }
}
