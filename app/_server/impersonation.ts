/**
 * Who an operation acts as on the cluster. With HOOKLINE_KUBE_IMPERSONATE=1 the cluster sees the signed-in user:
 * Impersonate-User is the Hookline username (the same for local and single sign-on accounts, and what the audit
 * trail shows), and the groups are `hookline:<role>` plus, for single sign-on users, the groups the provider
 * reported at their last sign-in. Without it (the default) operations use the kubeconfig's own credentials.
 */
import { linkedGroups } from "@/lib/auth/oidc/linked-users";
import type { SessionUser } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { kubeImpersonationEnabled, type Impersonation } from "@/lib/kube/impersonation";

export const ROLE_GROUP_PREFIX = "hookline:";

export async function impersonationFor(user: SessionUser): Promise<Impersonation | undefined> {
  if (!kubeImpersonationEnabled(process.env)) return undefined;
  return { user: user.username, groups: [`${ROLE_GROUP_PREFIX}${user.role}`, ...(await linkedGroups(db(), user.id))] };
}
