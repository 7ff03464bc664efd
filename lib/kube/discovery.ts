/**
 * Discovery-based REST mapping: (apiVersion, kind) → resource name and scope, read from the server's
 * APIResourceList for that group/version. Lists are cached per group/version; a kind missing from the cache
 * triggers one refetch (a CRD may have been installed since), and only then a "no matches for kind" error.
 */
import type { Bounds } from "./deadline";

export interface ResourceMapping {
  group: string;
  version: string;
  apiVersion: string;
  kind: string;
  /** Plural resource name used in paths, e.g. "deployments". */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

export interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
  group?: string;
  version?: string;
}

export interface ApiResourceList {
  groupVersion?: string;
  resources: ApiResource[];
}

/** Fetches `/api/v1` or `/apis/<group>/<version>`; resolves undefined when the group/version is not served. */
export type ResourceListFetcher = (apiVersion: string, bounds: Bounds) => Promise<ApiResourceList | undefined>;

export class NoKindMatchError extends Error {
  constructor(readonly apiVersion: string, readonly kind: string) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`);
    this.name = "NoKindMatchError";
  }
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Top-level resources of a list (sub-resources such as `pods/log` are skipped). */
export function mappingsFromResourceList(apiVersion: string, list: ApiResourceList): ResourceMapping[] {
  const { group, version } = splitApiVersion(apiVersion);
  return list.resources
    .filter((r) => !r.name.includes("/"))
    .map((r) => ({
      group,
      version,
      apiVersion,
      kind: r.kind,
      resource: r.name,
      namespaced: r.namespaced,
      verbs: r.verbs ?? [],
    }));
}

export interface ObjectLocation {
  mapping: ResourceMapping;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** The REST path for a collection or an object; the namespace is ignored for cluster-scoped resources. */
export function resourcePath({ mapping, namespace, name, subresource }: ObjectLocation): string {
  let path = groupVersionPath(mapping.apiVersion);
  if (mapping.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${mapping.resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

export class RestMapper {
  private readonly cache = new Map<string, Promise<ResourceMapping[]>>();

  constructor(private readonly fetchList: ResourceListFetcher) {}

  private load(apiVersion: string, bounds: Bounds): Promise<ResourceMapping[]> {
    const pending = this.fetchList(apiVersion, bounds).then((list) => (list ? mappingsFromResourceList(apiVersion, list) : []));
    this.cache.set(apiVersion, pending);
    pending.catch(() => this.cache.delete(apiVersion));
    return pending;
  }

  async mapping(apiVersion: string, kind: string, bounds: Bounds = {}): Promise<ResourceMapping> {
    const cached = this.cache.get(apiVersion);
    const fromCache = cached ? (await cached).find((m) => m.kind === kind) : undefined;
    if (fromCache) return fromCache;
    const refreshed = (await this.load(apiVersion, bounds)).find((m) => m.kind === kind);
    if (!refreshed) throw new NoKindMatchError(apiVersion, kind);
    return refreshed;
  }

  /** Forget one group/version, or everything (e.g. after installing CRDs). */
  invalidate(apiVersion?: string): void {
    if (apiVersion) this.cache.delete(apiVersion);
    else this.cache.clear();
  }
}
