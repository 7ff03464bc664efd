/**
 * Grants: where an operator may act. A grant names a kubeconfig context and a namespace, each a name or "*" (any).
 * An operator may do the release actions of its role (install, upgrade, rollback, test, cancel, unmask secrets) only
 * on a release whose (context, namespace) matches one of its grants; with no grants, nowhere. Admins act everywhere,
 * and reading needs no grant.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Action, Role } from "./roles";

export const ANY = "*";

/** The actions an operator may only do where granted: every operator action except reading. */
export const SCOPED_ACTIONS: ReadonlySet<Action> = new Set<Action>(["install", "upgrade", "rollback", "test", "cancel", "unmask-secrets"]);

const contextName = z.string().trim().min(1, "Context is required").max(253).regex(/^(\*|[A-Za-z0-9@._:/-]+)$/, 'Context must be a context name or "*"');
const namespaceName = z
  .string()
  .trim()
  .min(1, "Namespace is required")
  .max(63)
  .regex(/^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/, 'Namespace must be a namespace name or "*"');

export const grantSchema = z.object({ context: contextName, namespace: namespaceName });
export type Grant = z.infer<typeof grantSchema>;

export interface GrantTarget {
  context: string;
  namespace: string;
}

/** Whether a grant's context or namespace (a name or ANY) matches a name. */
export function grantMatches(granted: string, name: string): boolean {
  return granted === ANY || granted === name;
}

export function grantCovers(grant: Grant, target: GrantTarget): boolean {
  return grantMatches(grant.context, target.context) && grantMatches(grant.namespace, target.namespace);
}

/** Whether a role needs a grant for this action on a release; only operators, and only for SCOPED_ACTIONS. */
export function needsGrant(role: Role, action: Action): boolean {
  return role === "operator" && SCOPED_ACTIONS.has(action);
}

/** Whether a user of this role with these grants may do `action` on a release in `target`. Roles are checked apart. */
export function grantAllows(role: Role, action: Action, grants: readonly Grant[], target: GrantTarget): boolean {
  return !needsGrant(role, action) || grants.some((g) => grantCovers(g, target));
}

export async function grantsOf(db: Db, userId: string): Promise<Grant[]> {
  return db.userGrant.findMany({ where: { userId }, select: { context: true, namespace: true }, orderBy: [{ context: "asc" }, { namespace: "asc" }] });
}

export function describeGrant(grant: Grant): string {
  return `${grant.context}/${grant.namespace}`;
}
