// Prisma CLI configuration. Prisma 7 reads no .env file, and Hookline never needs the CLI at run time:
// migrations are applied by lib/db/migrate.ts. The CLI is used by developers to write new migrations.
import { defineConfig } from "prisma/config";

const postgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");

export default defineConfig({
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgres/migrations" : "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/hookline.db" },
});
