/**
 * Where a user may deploy a chart (install or upgrade), per configured kubeconfig context: the namespaces its grants
 * name, or any namespace. Plain data, computed on the server for the chart page and handed to the deploy dialog,
 * which offers only these; the server action still checks every request with `authorize`. Client-safe.
 */
import { ANY, grantMatches, needsGrant, type Grant } from "./grants";
import { can, type Role } from "./roles";

export interface DeployTarget {
  context: string;
  /** Any namespace may be named (an admin, or a grant with namespace "*"). */
  anyNamespace: boolean;
  /** The namespaces granted by name in this context, sorted; suggestions when anyNamespace, the only choices otherwise. */
  namespaces: string[];
}

/**
 * The contexts (in the configured order) where `role` with `grants` may install and upgrade, each with its
 * namespaces. Install and upgrade are scoped alike (SCOPED_ACTIONS), so "install" stands for both.
 */
export function deployTargets(role: Role, grants: readonly Grant[], contexts: readonly string[]): DeployTarget[] {
  if (!can(role, "install")) return [];
  if (!needsGrant(role, "install")) return contexts.map((context) => ({ context, anyNamespace: true, namespaces: [] }));
  return contexts.flatMap((context) => {
    const here = grants.filter((g) => grantMatches(g.context, context));
    if (here.length === 0) return [];
    const named = [...new Set(here.map((g) => g.namespace).filter((n) => n !== ANY))].sort();
    return [{ context, anyNamespace: here.some((g) => g.namespace === ANY), namespaces: named }];
  });
}

/** The namespace the dialog starts with in a target: "default" where allowed, else the first granted one. */
export function initialNamespace(target: DeployTarget): string {
  return target.anyNamespace || target.namespaces.includes("default") ? "default" : target.namespaces[0];
}

/** Why a user has no deploy target, in words for the chart page (meaningful only when deployTargets is empty). */
export function whyNoDeployTarget(grants: readonly Grant[], contexts: readonly string[]): string {
  if (contexts.length === 0) return "No cluster context is configured.";
  if (grants.length === 0) return "No namespace is granted to you for deploying; ask an admin.";
  return "None of your grants covers a configured cluster context; ask an admin.";
}
