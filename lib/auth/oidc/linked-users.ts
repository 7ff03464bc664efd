/**
 * The local user behind a provider identity. The first sign-in of (issuer, subject) creates a user without a
 * password (so it can only sign in through the provider) and links it; later sign-ins find it through the link.
 * Every sign-in sets the user's role and stored groups from the provider's current claims, so removing someone
 * from an admin group at the provider takes effect at their next sign-in. A disabled user stays disabled.
 */
import type { Db } from "@/lib/db/client";
import type { Role } from "../roles";
import { usernameSchema } from "../accounts";

export interface ProviderIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
  role: Role;
  groups: string[];
}

export type LinkResult = { ok: true; userId: string; username: string; created: boolean } | { ok: false; why: string; userId?: string; username?: string };

function claimString(claims: Record<string, unknown>, name: string): string {
  const v = claims[name];
  return typeof v === "string" ? v.trim() : "";
}

/** A username for a new linked user: preferred_username, else the email's local part, else a name from the subject. */
export function usernameCandidate(claims: Record<string, unknown>, subject: string): string {
  const sources = [claimString(claims, "preferred_username"), claimString(claims, "email").split("@")[0], `sso-${subject}`];
  for (const source of sources) {
    const cleaned = source.replace(/[^a-zA-Z0-9._@-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 56);
    if (usernameSchema.safeParse(cleaned).success) return cleaned;
  }
  return `sso-${Buffer.from(subject).toString("hex").slice(0, 52)}`;
}

async function freeUsername(db: Db, wanted: string): Promise<string> {
  // A local account may already have this name: never take it over, add a suffix instead.
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? wanted : `${wanted}-${n}`;
    if (!(await db.user.findUnique({ where: { username: name } }))) return name;
  }
  throw new Error(`no free username near ${wanted}`);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export async function signInLinkedUser(db: Db, identity: ProviderIdentity, now = new Date(), attempt = 1): Promise<LinkResult> {
  const email = claimString(identity.claims, "email");
  const groups = JSON.stringify(identity.groups);
  const displayName = claimString(identity.claims, "name");
  const link = await db.linkedIdentity.findUnique({ where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } }, include: { user: true } });
  if (link) {
    if (link.user.disabled) return { ok: false, why: "user is disabled", userId: link.user.id, username: link.user.username };
    await db.$transaction([
      db.user.update({ where: { id: link.userId }, data: { role: identity.role, ...(displayName ? { displayName } : {}) } }),
      db.linkedIdentity.update({ where: { id: link.id }, data: { email, groups, lastSignInAt: now } }),
    ]);
    return { ok: true, userId: link.userId, username: link.user.username, created: false };
  }
  const username = await freeUsername(db, usernameCandidate(identity.claims, identity.subject));
  try {
    const user = await db.user.create({
      data: {
        username,
        displayName: displayName || username,
        role: identity.role,
        passwordHash: null,
        identities: { create: { issuer: identity.issuer, subject: identity.subject, email, groups, createdAt: now, lastSignInAt: now } },
      },
    });
    return { ok: true, userId: user.id, username, created: true };
  } catch (error) {
    // Two first sign-ins at once (or a name taken meanwhile): the second finds the link or picks another name.
    if (isUniqueViolation(error) && attempt < 3) return signInLinkedUser(db, identity, now, attempt + 1);
    throw error;
  }
}

/** The groups the provider last reported for a user (from its most recent sign-in), for cluster impersonation. */
export async function linkedGroups(db: Db, userId: string): Promise<string[]> {
  const link = await db.linkedIdentity.findFirst({ where: { userId }, orderBy: { lastSignInAt: "desc" } });
  if (!link) return [];
  try {
    const parsed: unknown = JSON.parse(link.groups);
    return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
}
