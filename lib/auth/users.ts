/**
 * User management for admins: listing accounts, creating local users, changing roles, disabling (which ends the
 * user's sessions), resetting passwords and editing grants. Every change is audited with who did it, what and to whom
 * (never a password). An admin cannot take away their own admin role or disable themselves, so an instance always
 * keeps the admin who is managing it. Callers check the `manage-users` permission first.
 */
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { newPasswordSchema, usernameSchema } from "./accounts";
import { describeGrant, grantSchema, type Grant } from "./grants";
import { hashPassword } from "./password";
import { roleSchema } from "./roles";

export interface Actor {
  id: string;
  username: string;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
  /** Signed in through single sign-on (a linked identity) rather than only with a local password. */
  sso: boolean;
  hasPassword: boolean;
  grants: Array<Grant & { id: string }>;
  /** The latest sign-in Hookline knows of (a live session's start or the last single sign-on), if any. */
  lastSignInAt: Date | null;
}

export type ChangeResult = { ok: true } | { ok: false; error: string };

export async function listUsers(db: Db): Promise<UserRow[]> {
  const users = await db.user.findMany({
    orderBy: { username: "asc" },
    include: {
      grants: { select: { id: true, context: true, namespace: true }, orderBy: [{ context: "asc" }, { namespace: "asc" }] },
      identities: { select: { lastSignInAt: true } },
      sessions: { select: { createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  return users.map((u) => {
    const times = [...u.identities.map((i) => i.lastSignInAt), ...u.sessions.map((s) => s.createdAt)].map((d) => d.getTime());
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      disabled: u.disabled,
      sso: u.identities.length > 0,
      hasPassword: u.passwordHash !== null,
      grants: u.grants,
      lastSignInAt: times.length > 0 ? new Date(Math.max(...times)) : null,
    };
  });
}

export const createUserInput = z
  .object({ username: usernameSchema, role: roleSchema, password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

const firstIssue = (err: z.ZodError) => err.issues[0]?.message ?? "Invalid input";

async function audit(db: Db, actor: Actor, action: string, result: "succeeded" | "denied", details: Record<string, unknown>) {
  await recordAudit(db, { actor: { id: actor.id, name: actor.username }, action, result, details });
}

async function refuse(db: Db, actor: Actor, action: string, target: string, why: string): Promise<ChangeResult> {
  await audit(db, actor, action, "denied", { user: target, why });
  return { ok: false, error: why };
}

export async function createLocalUser(db: Db, actor: Actor, raw: { username: string; role: string; password: string; confirm: string }): Promise<ChangeResult & { userId?: string }> {
  const parsed = createUserInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const { username, role, password } = parsed.data;
  if (await db.user.findUnique({ where: { username } })) return { ok: false, error: `A user named ${username} already exists.` };
  const user = await db.user.create({ data: { username, displayName: username, role, passwordHash: await hashPassword(password) } });
  await audit(db, actor, "user-create", "succeeded", { user: username, role });
  return { ok: true, userId: user.id };
}

async function target(db: Db, userId: string) {
  return db.user.findUnique({ where: { id: userId }, include: { identities: { select: { id: true } } } });
}

export async function changeRole(db: Db, actor: Actor, userId: string, rawRole: string): Promise<ChangeResult> {
  const role = roleSchema.safeParse(rawRole);
  if (!role.success) return { ok: false, error: "Unknown role." };
  const user = await target(db, userId);
  if (!user) return { ok: false, error: "No such user." };
  if (user.role === role.data) return { ok: true };
  if (user.id === actor.id) return refuse(db, actor, "user-role", user.username, "You cannot change your own role (another admin can).");
  if (user.identities.length > 0) return refuse(db, actor, "user-role", user.username, "This user signs in with SSO: the provider's groups set the role at every sign-in.");
  await db.user.update({ where: { id: user.id }, data: { role: role.data } });
  await audit(db, actor, "user-role", "succeeded", { user: user.username, from: user.role, to: role.data });
  return { ok: true };
}

/** Disables or enables an account; disabling also ends all of its sessions at once. */
export async function setDisabled(db: Db, actor: Actor, userId: string, disabled: boolean): Promise<ChangeResult> {
  const user = await target(db, userId);
  if (!user) return { ok: false, error: "No such user." };
  const action = disabled ? "user-disable" : "user-enable";
  if (disabled && user.id === actor.id) return refuse(db, actor, action, user.username, "You cannot disable yourself.");
  await db.$transaction([db.user.update({ where: { id: user.id }, data: { disabled } }), ...(disabled ? [db.session.deleteMany({ where: { userId: user.id } })] : [])]);
  await audit(db, actor, action, "succeeded", { user: user.username });
  return { ok: true };
}

export const resetPasswordInput = z
  .object({ password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

/** Sets a new password and ends the user's sessions (a session opened with the old password ends with it). */
export async function resetPassword(db: Db, actor: Actor, userId: string, raw: z.input<typeof resetPasswordInput>): Promise<ChangeResult> {
  const parsed = resetPasswordInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const user = await target(db, userId);
  if (!user) return { ok: false, error: "No such user." };
  const hash = await hashPassword(parsed.data.password);
  // An admin resetting their own password stays signed in here; anyone else is signed out everywhere.
  const endSessions = user.id === actor.id ? [] : [db.session.deleteMany({ where: { userId: user.id } })];
  await db.$transaction([db.user.update({ where: { id: user.id }, data: { passwordHash: hash } }), ...endSessions]);
  await audit(db, actor, "user-password-reset", "succeeded", { user: user.username });
  return { ok: true };
}

export async function addGrant(db: Db, actor: Actor, userId: string, raw: z.input<typeof grantSchema>): Promise<ChangeResult> {
  const parsed = grantSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const user = await target(db, userId);
  if (!user) return { ok: false, error: "No such user." };
  const grant = parsed.data;
  const exists = await db.userGrant.findUnique({ where: { userId_context_namespace: { userId: user.id, ...grant } } });
  if (exists) return { ok: false, error: `${user.username} already has the grant ${describeGrant(grant)}.` };
  await db.userGrant.create({ data: { userId: user.id, ...grant } });
  await audit(db, actor, "user-grant-add", "succeeded", { user: user.username, grant: describeGrant(grant) });
  return { ok: true };
}

export async function removeGrant(db: Db, actor: Actor, grantId: string): Promise<ChangeResult> {
  const grant = await db.userGrant.findUnique({ where: { id: grantId }, include: { user: { select: { username: true } } } });
  if (!grant) return { ok: false, error: "No such grant." };
  await db.userGrant.delete({ where: { id: grant.id } });
  await audit(db, actor, "user-grant-remove", "succeeded", { user: grant.user.username, grant: describeGrant(grant) });
  return { ok: true };
}
