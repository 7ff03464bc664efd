/**
 * Local accounts: first-run setup of the admin, seeding `admin` from HOOKLINE_ADMIN_PASSWORD for automation, and
 * checking credentials with throttling and constant work for unknown usernames.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { DECOY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { createRateLimiter, type RateLimiter } from "./rate-limit";
import type { Role } from "./roles";

export const usernameSchema = z
  .string()
  .trim()
  .min(2, "Username must have at least 2 characters")
  .max(64, "Username must have at most 64 characters")
  .regex(/^[a-zA-Z0-9._@-]+$/, "Username may contain letters, digits and . _ @ - only");
export const newPasswordSchema = z.string().min(MIN_PASSWORD_LENGTH, `Password must have at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);

export async function hasUsers(db: Db): Promise<boolean> {
  return (await db.user.count()) > 0;
}

export async function createUser(db: Db, input: { username: string; password: string; role: Role; displayName?: string }) {
  const username = usernameSchema.parse(input.username);
  const password = newPasswordSchema.parse(input.password);
  return db.user.create({ data: { username, displayName: input.displayName ?? username, role: input.role, passwordHash: await hashPassword(password) } });
}

/**
 * Creates the first admin, but only while there is no user at all: the setup page cannot be used to add a second
 * admin later. Returns null when users already exist.
 */
export async function createFirstAdmin(db: Db, username: string, password: string) {
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    const name = usernameSchema.parse(username);
    const hash = await hashPassword(newPasswordSchema.parse(password));
    return tx.user.create({ data: { username: name, displayName: name, role: "admin", passwordHash: hash } });
  });
}

/** HOOKLINE_ADMIN_PASSWORD seeds (or resets the password of) user `admin`, for automated installs. */
export async function seedAdminFromEnv(db: Db, password: string | undefined): Promise<"created" | "updated" | "skipped"> {
  if (!password) return "skipped";
  newPasswordSchema.parse(password);
  const existing = await db.user.findUnique({ where: { username: "admin" } });
  if (existing) {
    if (existing.passwordHash && (await verifyPassword(password, existing.passwordHash))) return "skipped";
    await db.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(password), role: "admin", disabled: false } });
    return "updated";
  }
  await createUser(db, { username: "admin", password, role: "admin", displayName: "Administrator" });
  return "created";
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

const loginLimiter: RateLimiter = createRateLimiter({ max: 5, windowMs: 5 * 60 * 1000 });

export async function checkCredentials(db: Db, username: string, password: string, client: string, limiter = loginLimiter): Promise<LoginResult> {
  const keys = [`user:${username.trim().toLowerCase()}`, `client:${client}`];
  const wait = Math.max(...keys.map((k) => limiter.retryAfter(k)));
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterMs: wait };
  const user = await db.user.findUnique({ where: { username: username.trim() } });
  // Unknown users cost the same scrypt work as known ones, so timing does not reveal which usernames exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  if (!user || user.disabled || !user.passwordHash || !valid) {
    for (const k of keys) limiter.recordFailure(k);
    return { ok: false, reason: "invalid" };
  }
  limiter.reset(keys[0]);
  return { ok: true, userId: user.id };
}
