/**
 * Grants and user management below the web app: which (context, namespace) an operator may act in, the migration's
 * default for operators that existed before grants, and the admin's changes to users — audited, never with a
 * password, without self lock-out. Over HTTP against the built app: test/security/http/grants.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/accounts";
import { grantAllows, grantsOf, grantSchema, needsGrant } from "@/lib/auth/grants";
import { ACTIONS } from "@/lib/auth/roles";
import { createSession, sessionUser } from "@/lib/auth/sessions";
import { addGrant, changeRole, createLocalUser, listUsers, removeGrant, resetPassword, setDisabled } from "@/lib/auth/users";
import { checkCredentials } from "@/lib/auth/accounts";
import type { Db } from "@/lib/db/client";
import { createTestSqlite } from "@/test/helpers/database";

const PASSWORD = "correct horse battery";

describe("grant check", () => {
  const grants = [
    { context: "prod", namespace: "payments" },
    { context: "*", namespace: "default" },
  ];
  it("lets an operator act only where a grant matches the context and namespace, \"*\" matching any", () => {
    expect(grantAllows("operator", "upgrade", grants, { context: "prod", namespace: "payments" })).toBe(true);
    expect(grantAllows("operator", "rollback", grants, { context: "staging", namespace: "default" })).toBe(true);
    expect(grantAllows("operator", "upgrade", grants, { context: "staging", namespace: "payments" })).toBe(false);
    expect(grantAllows("operator", "install", grants, { context: "prod", namespace: "kube-system" })).toBe(false);
    expect(grantAllows("operator", "upgrade", [{ context: "*", namespace: "*" }], { context: "any", namespace: "thing" })).toBe(true);
  });
  it("refuses an operator without grants every release action, but not reading; admins and viewers need none", () => {
    for (const action of ["install", "upgrade", "rollback", "test", "cancel", "unmask-secrets"] as const) {
      expect(grantAllows("operator", action, [], { context: "c", namespace: "default" }), action).toBe(false);
    }
    expect(grantAllows("operator", "read", [], { context: "c", namespace: "default" })).toBe(true);
    expect(ACTIONS.filter((a) => needsGrant("admin", a) || needsGrant("viewer", a))).toEqual([]);
    expect(grantAllows("admin", "upgrade", [], { context: "c", namespace: "default" })).toBe(true);
  });
  it("accepts context and namespace names or \"*\" only", () => {
    expect(grantSchema.safeParse({ context: "*", namespace: "team-a" }).success).toBe(true);
    expect(grantSchema.safeParse({ context: "kind-dev", namespace: "Team A" }).success).toBe(false);
    expect(grantSchema.safeParse({ context: "", namespace: "default" }).success).toBe(false);
  });
});

describe("the grants migration", () => {
  it("gives operators that existed before it the grant */* and nobody else any", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-grants-migration-"));
    try {
      const sqlite = new Database(path.join(dir, "db.sqlite"));
      const migrations = readdirSync("prisma/migrations").filter((d) => /^\d{14}_/.test(d)).sort();
      const mine = migrations.indexOf("20261124100000_user_grants");
      expect(mine).toBeGreaterThan(0);
      const apply = (name: string) => sqlite.exec(readFileSync(path.join("prisma/migrations", name, "migration.sql"), "utf8"));
      migrations.slice(0, mine).forEach(apply);
      const insert = sqlite.prepare(`INSERT INTO "User" ("id", "username", "role", "updatedAt") VALUES (?, ?, ?, CURRENT_TIMESTAMP)`);
      insert.run("u-op", "olga", "operator");
      insert.run("u-view", "vic", "viewer");
      insert.run("u-admin", "ada", "admin");
      apply(migrations[mine]);
      const rows = sqlite.prepare(`SELECT "id", "userId", "context", "namespace" FROM "UserGrant"`).all() as Array<{ id: string; userId: string; context: string; namespace: string }>;
      expect(rows.map(({ userId, context, namespace }) => ({ userId, context, namespace }))).toEqual([{ userId: "u-op", context: "*", namespace: "*" }]);
      expect(rows[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("user management", () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let admin: { id: string; username: string };

  beforeAll(async () => {
    ({ db, cleanup } = await createTestSqlite());
    const a = await createUser(db, { username: "ada", password: PASSWORD, role: "admin" });
    admin = { id: a.id, username: a.username };
  });
  afterAll(async () => {
    await cleanup?.();
  });

  /** The audit entries of an action, in a fixed order (entries written within one millisecond share their time). */
  const audited = async (action: string) => sorted((await db.auditEntry.findMany({ where: { action } })).map((e) => ({ actor: e.actorName, result: e.result, details: JSON.parse(e.details) as unknown })));
  const sorted = <T,>(items: T[]): T[] => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it("creates a local user with a validated, hashed password, audited without it", async () => {
    expect(await createLocalUser(db, admin, { username: "olaf", role: "operator", password: "short", confirm: "short" })).toMatchObject({ ok: false, error: expect.stringMatching(/at least 10/) });
    expect(await createLocalUser(db, admin, { username: "olaf", role: "operator", password: PASSWORD, confirm: "different password" })).toEqual({ ok: false, error: "The passwords do not match" });
    expect(await createLocalUser(db, admin, { username: "olaf", role: "root", password: PASSWORD, confirm: PASSWORD })).toMatchObject({ ok: false });
    const created = await createLocalUser(db, admin, { username: "olaf", role: "operator", password: PASSWORD, confirm: PASSWORD });
    expect(created).toMatchObject({ ok: true });
    expect(await createLocalUser(db, admin, { username: "olaf", role: "viewer", password: PASSWORD, confirm: PASSWORD })).toEqual({ ok: false, error: "A user named olaf already exists." });
    expect((await checkCredentials(db, "olaf", PASSWORD, "test")).ok).toBe(true);
    expect(await audited("user-create")).toEqual([{ actor: "ada", result: "succeeded", details: { user: "olaf", role: "operator" } }]);
    const all = JSON.stringify(await db.auditEntry.findMany());
    expect(all).not.toContain(PASSWORD);
    // A new operator has no grants: it may act nowhere until an admin grants it somewhere.
    const olaf = await db.user.findUniqueOrThrow({ where: { username: "olaf" } });
    expect(await grantsOf(db, olaf.id)).toEqual([]);
  });

  it("adds and removes grants, audited", async () => {
    const olaf = await db.user.findUniqueOrThrow({ where: { username: "olaf" } });
    expect(await addGrant(db, admin, olaf.id, { context: "*", namespace: "default" })).toEqual({ ok: true });
    expect(await addGrant(db, admin, olaf.id, { context: "*", namespace: "default" })).toEqual({ ok: false, error: "olaf already has the grant */default." });
    expect(await addGrant(db, admin, olaf.id, { context: "prod", namespace: "Bad Name" })).toMatchObject({ ok: false });
    expect(await addGrant(db, admin, olaf.id, { context: "prod", namespace: "payments" })).toEqual({ ok: true });
    const rows = (await listUsers(db)).find((u) => u.username === "olaf")!;
    expect(rows.grants.map((g) => `${g.context}/${g.namespace}`)).toEqual(["*/default", "prod/payments"]);
    expect(await removeGrant(db, admin, rows.grants[1].id)).toEqual({ ok: true });
    expect(await grantsOf(db, olaf.id)).toEqual([{ context: "*", namespace: "default" }]);
    expect((await audited("user-grant-add")).map((e) => e.details)).toEqual(sorted([{ user: "olaf", grant: "*/default" }, { user: "olaf", grant: "prod/payments" }]));
    expect((await audited("user-grant-remove")).map((e) => e.details)).toEqual([{ user: "olaf", grant: "prod/payments" }]);
  });

  it("changes roles, but an admin never their own (refusal audited)", async () => {
    const olaf = await db.user.findUniqueOrThrow({ where: { username: "olaf" } });
    expect(await changeRole(db, admin, olaf.id, "viewer")).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: olaf.id } })).role).toBe("viewer");
    expect(await changeRole(db, admin, olaf.id, "operator")).toEqual({ ok: true });
    expect(await changeRole(db, admin, admin.id, "viewer")).toMatchObject({ ok: false, error: expect.stringMatching(/own role/) });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
    expect(await audited("user-role")).toEqual(sorted([
      { actor: "ada", result: "succeeded", details: { user: "olaf", from: "operator", to: "viewer" } },
      { actor: "ada", result: "succeeded", details: { user: "olaf", from: "viewer", to: "operator" } },
      { actor: "ada", result: "denied", details: { user: "ada", why: "You cannot change your own role (another admin can)." } },
    ]));
  });

  it("disabling ends the user's sessions and refuses sign-in; enabling lets them back; an admin cannot disable themselves", async () => {
    const olaf = await db.user.findUniqueOrThrow({ where: { username: "olaf" } });
    const { token } = await createSession(db, olaf.id);
    expect(await sessionUser(db, token)).toMatchObject({ username: "olaf" });
    expect(await setDisabled(db, admin, olaf.id, true)).toEqual({ ok: true });
    expect(await db.session.count({ where: { userId: olaf.id } })).toBe(0);
    expect(await sessionUser(db, token)).toBeNull();
    expect((await checkCredentials(db, "olaf", PASSWORD, "test-2")).ok).toBe(false);
    expect(await setDisabled(db, admin, olaf.id, false)).toEqual({ ok: true });
    expect((await checkCredentials(db, "olaf", PASSWORD, "test-3")).ok).toBe(true);
    expect(await setDisabled(db, admin, admin.id, true)).toEqual({ ok: false, error: "You cannot disable yourself." });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabled).toBe(false);
    expect((await audited("user-disable")).map((e) => e.result)).toEqual(["denied", "succeeded"]);
    expect(await audited("user-enable")).toEqual([{ actor: "ada", result: "succeeded", details: { user: "olaf" } }]);
  });

  it("resets a password: the old one stops working, the user's sessions end, the audit holds no password", async () => {
    const olaf = await db.user.findUniqueOrThrow({ where: { username: "olaf" } });
    await createSession(db, olaf.id);
    const fresh = "a brand new passphrase";
    expect(await resetPassword(db, admin, olaf.id, { password: fresh, confirm: "mismatch" })).toEqual({ ok: false, error: "The passwords do not match" });
    expect(await resetPassword(db, admin, olaf.id, { password: fresh, confirm: fresh })).toEqual({ ok: true });
    expect(await db.session.count({ where: { userId: olaf.id } })).toBe(0);
    expect((await checkCredentials(db, "olaf", PASSWORD, "test-4")).ok).toBe(false);
    expect((await checkCredentials(db, "olaf", fresh, "test-5")).ok).toBe(true);
    expect(await audited("user-password-reset")).toEqual([{ actor: "ada", result: "succeeded", details: { user: "olaf" } }]);
    expect(JSON.stringify(await db.auditEntry.findMany())).not.toContain(fresh);
  });

  it("lists users with role, state, grants, sign-in method and last sign-in", async () => {
    const olaf = await db.user.findUniqueOrThrow({ where: { username: "olaf" } });
    await createSession(db, olaf.id, new Date("2026-11-24T09:00:00Z"));
    const rows = await listUsers(db);
    expect(rows.map((u) => u.username)).toEqual(["ada", "olaf"]);
    expect(rows[1]).toMatchObject({ role: "operator", disabled: false, sso: false, hasPassword: true, lastSignInAt: new Date("2026-11-24T09:00:00Z") });
    expect(rows[0].lastSignInAt).toBeNull();
  });
});
