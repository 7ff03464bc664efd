import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCredentials, createFirstAdmin, createUser, seedAdminFromEnv } from "@/lib/auth/accounts";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createRateLimiter } from "@/lib/auth/rate-limit";
import { ACTIONS, can } from "@/lib/auth/roles";
import { createSession, endSession, hashToken, sessionUser, SESSION_TTL_MS } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { createTestSqlite } from "@/test/helpers/database";

describe("password hashing", () => {
  it("stores a salted scrypt hash that verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$16\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
});

describe("roles", () => {
  it("grants viewers read only, operators changes but not uninstall or admin work, admins everything", () => {
    expect(ACTIONS.filter((a) => can("viewer", a))).toEqual(["read"]);
    expect(can("operator", "upgrade")).toBe(true);
    expect(can("operator", "rollback")).toBe(true);
    expect(can("operator", "uninstall")).toBe(false);
    expect(can("operator", "sandbox")).toBe(false);
    expect(can("operator", "manage-users")).toBe(false);
    expect(ACTIONS.every((a) => can("admin", a))).toBe(true);
  });
});

describe("rate limiting", () => {
  it("refuses after max failures in the window and lets the key try again once the oldest failure expires", () => {
    const limiter = createRateLimiter({ max: 3, windowMs: 1000 });
    for (const t of [0, 100, 200]) limiter.recordFailure("k", t);
    expect(limiter.retryAfter("k", 300)).toBe(700);
    expect(limiter.retryAfter("other", 300)).toBe(0);
    expect(limiter.retryAfter("k", 1000)).toBe(0);
  });
});

describe("accounts, sessions and the audit trail on a real database", () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await createTestSqlite());
  });
  afterAll(async () => cleanup());

  it("creates the first admin once; a second setup attempt creates nothing", async () => {
    const admin = await createFirstAdmin(db, "root", "a long enough password");
    expect(admin?.role).toBe("admin");
    expect(await createFirstAdmin(db, "intruder", "another long password")).toBeNull();
    expect(await db.user.count({ where: { username: "intruder" } })).toBe(0);
  });

  it("seeds and re-keys user admin from HOOKLINE_ADMIN_PASSWORD", async () => {
    expect(await seedAdminFromEnv(db, undefined)).toBe("skipped");
    expect(await seedAdminFromEnv(db, "seeded password 1")).toBe("created");
    expect(await seedAdminFromEnv(db, "seeded password 1")).toBe("skipped");
    expect(await seedAdminFromEnv(db, "seeded password 2")).toBe("updated");
    const limiter = createRateLimiter({ max: 5, windowMs: 60_000 });
    expect((await checkCredentials(db, "admin", "seeded password 2", "test", limiter)).ok).toBe(true);
    await expect(seedAdminFromEnv(db, "short")).rejects.toThrow(/at least 10 characters/);
  });

  it("checks credentials and throttles repeated failures, for unknown users too", async () => {
    await createUser(db, { username: "olivia", password: "operator password", role: "operator" });
    const limiter = createRateLimiter({ max: 3, windowMs: 60_000 });
    expect(await checkCredentials(db, "olivia", "wrong", "10.0.0.1", limiter)).toEqual({ ok: false, reason: "invalid" });
    expect(await checkCredentials(db, "nobody", "wrong", "10.0.0.2", limiter)).toEqual({ ok: false, reason: "invalid" });
    await checkCredentials(db, "olivia", "wrong", "10.0.0.3", limiter);
    await checkCredentials(db, "olivia", "wrong", "10.0.0.4", limiter);
    const throttled = await checkCredentials(db, "olivia", "operator password", "10.0.0.5", limiter);
    expect(throttled.ok).toBe(false);
    expect(throttled).toMatchObject({ reason: "throttled" });
  });

  it("keeps only a hash of the session token, and ends, expires and disables sessions", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: "olivia" } });
    const now = new Date("2026-11-24T10:00:00Z");
    const { token } = await createSession(db, user.id, now);
    expect(await db.session.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db.session.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
    expect(await sessionUser(db, token, now)).toMatchObject({ username: "olivia", role: "operator" });
    expect(await sessionUser(db, token + "x", now)).toBeNull();
    expect(await sessionUser(db, token, new Date(now.getTime() + SESSION_TTL_MS + 1))).toBeNull();

    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await sessionUser(db, token, now)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { disabled: false } });
    await endSession(db, token);
    expect(await sessionUser(db, token, now)).toBeNull();
  });

  it("appends audit entries that the database refuses to change or delete", async () => {
    await recordAudit(db, { actor: { id: null, name: "anonymous" }, action: "upgrade", result: "denied", releaseName: "demo", reason: "no session" });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { releaseName: "demo" } });
    expect(entry.result).toBe("denied");
    // Prisma reports the trigger's refusal with the database's own message in the error's metadata.
    const refusal = (p: Promise<unknown>) => p.then(() => "allowed", (e: unknown) => JSON.stringify(e) + String(e));
    expect(await refusal(db.auditEntry.update({ where: { id: entry.id }, data: { result: "succeeded" } }))).toContain("audit entries are append-only");
    expect(await refusal(db.auditEntry.delete({ where: { id: entry.id } }))).toContain("audit entries are append-only");
    expect(await refusal(db.auditEntry.deleteMany({}))).toContain("audit entries are append-only");
    expect((await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).result).toBe("denied");
  });
});
