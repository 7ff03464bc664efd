/**
 * Kubernetes impersonation headers as the sandbox honours them. A real API server first checks by RBAC that the
 * caller may impersonate; the sandbox has one set of admin credentials, so it accepts them from every client and
 * records the impersonated user in its audit log, as the API server's audit events do (`impersonatedUser`, with
 * `system:authenticated` added to the groups).
 */
import type { IncomingMessage } from "node:http";
import { ApiError } from "../api/errors";

export interface ImpersonatedUser {
  username: string;
  groups: string[];
}

const AUTHENTICATED_GROUP = "system:authenticated";

/** The user a request impersonates, or undefined when it carries no impersonation headers. */
export function impersonationOf(req: IncomingMessage): ImpersonatedUser | undefined {
  // headersDistinct keeps repeated Impersonate-Group headers apart (req.headers would join them with commas).
  const users = req.headersDistinct["impersonate-user"] ?? [];
  const groups = req.headersDistinct["impersonate-group"] ?? [];
  if (users.length === 0) {
    if (groups.length > 0) throw new ApiError(403, "Forbidden", `requested [${groups.map((g) => `{Group  ${g}}`).join(" ")}] without impersonating a user`);
    return undefined;
  }
  if (users.length > 1 || !users[0]) throw new ApiError(400, "BadRequest", "Impersonate-User must be given exactly once and not be empty");
  const all = [...new Set(groups)];
  if (users[0] !== "system:anonymous" && !all.includes(AUTHENTICATED_GROUP)) all.push(AUTHENTICATED_GROUP);
  return { username: users[0], groups: all };
}
