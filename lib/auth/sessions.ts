/**
 * Sessions: a random 256-bit token in an httpOnly cookie, its SHA-256 in the database. Sessions expire after
 * SESSION_TTL_MS without use; each use within the last half of the lifetime extends it.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { roleSchema, type Role } from "./roles";

export { SESSION_COOKIE } from "./session-cookie";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(db: Db, userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt, createdAt: now, lastSeenAt: now } });
  return { token, expiresAt };
}

/** The signed-in user for a session token, or null when the token is unknown, expired or its user disabled. */
export async function sessionUser(db: Db, token: string | undefined, now = new Date()): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!session || session.expiresAt <= now || session.user.disabled) return null;
  if (session.expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2) {
    await db.session.update({ where: { id: session.id }, data: { expiresAt: new Date(now.getTime() + SESSION_TTL_MS), lastSeenAt: now } });
  }
  const role = roleSchema.safeParse(session.user.role);
  if (!role.success) return null;
  return { id: session.user.id, username: session.user.username, displayName: session.user.displayName, role: role.data };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
