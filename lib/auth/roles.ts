/**
 * Roles and what each may do. Every server action and route handler asks `can(role, action)` on the server; the UI
 * only hides what the server would refuse anyway.
 */
import { z } from "zod";

export const roleSchema = z.enum(["viewer", "operator", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const ACTIONS = [
  "read",
  "install",
  "upgrade",
  "rollback",
  "test",
  "cancel",
  "unmask-secrets",
  "uninstall",
  "recover",
  "sandbox",
  "manage-users",
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  viewer: new Set<Action>(["read"]),
  operator: new Set<Action>(["read", "install", "upgrade", "rollback", "test", "cancel", "unmask-secrets"]),
  admin: new Set<Action>(ACTIONS),
};

export function can(role: Role, action: Action): boolean {
  return GRANTS[role].has(action);
}
