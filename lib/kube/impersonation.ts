/**
 * Kubernetes user impersonation for a cluster client: every request (including watches and log streams, which
 * client-node makes from the same KubeConfig) carries `Impersonate-User` and one `Impersonate-Group` header per
 * group, so the API server authorizes — and audits — each call as that user, provided the credentials of the
 * kubeconfig may impersonate (RBAC verb `impersonate` on users and groups).
 */
import { KubeConfig } from "@kubernetes/client-node";

export interface Impersonation {
  user: string;
  groups: string[];
}

/** HOOKLINE_KUBE_IMPERSONATE: "1" turns impersonation on; unset, "" or "0" leave it off; anything else is an error. */
export function kubeImpersonationEnabled(env: Record<string, string | undefined>): boolean {
  const value = env.HOOKLINE_KUBE_IMPERSONATE?.trim() ?? "";
  if (value === "" || value === "0") return false;
  if (value === "1") return true;
  throw new Error(`HOOKLINE_KUBE_IMPERSONATE must be 1 or 0, not ${JSON.stringify(value)}`);
}

export function impersonationHeaders(who: Impersonation): Record<string, string | string[]> {
  if (!who.user) throw new Error("impersonation needs a user name");
  const groups = [...new Set(who.groups.filter(Boolean))];
  return groups.length ? { "Impersonate-User": who.user, "Impersonate-Group": groups } : { "Impersonate-User": who.user };
}

/** A KubeConfig that authenticates as `base` does and adds the impersonation headers to every request it prepares. */
class ImpersonatingKubeConfig extends KubeConfig {
  constructor(
    base: KubeConfig,
    private readonly headersToAdd: Record<string, string | string[]>,
  ) {
    super();
    this.loadFromOptions({ clusters: base.getClusters(), users: base.getUsers(), contexts: base.getContexts(), currentContext: base.getCurrentContext() });
  }

  // client-node's fetch-based Watch and Log prepare their requests through this method too.
  override async applyToHTTPSOptions(opts: Parameters<KubeConfig["applyToHTTPSOptions"]>[0]): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    opts.headers = { ...(opts.headers ?? {}), ...this.headersToAdd };
  }
}

export function impersonatingKubeConfig(base: KubeConfig, who: Impersonation): KubeConfig {
  return new ImpersonatingKubeConfig(base, impersonationHeaders(who));
}
