/**
 * Discovery documents: `/version`, legacy `/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`, and aggregated discovery
 * (apidiscovery.k8s.io/v2) when the client asks for it, which saves kubectl and helm one request per group.
 */
import type { TypeRegistry } from "../api/registry";
import { type ResourceType, apiVersionOf } from "../api/resource-types";

type Json = Record<string, unknown>;

export const KUBERNETES_VERSION = { major: "1", minor: "35", gitVersion: "v1.35.0" };

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

export function versionInfo(): Json {
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    emulationMajor: KUBERNETES_VERSION.major,
    emulationMinor: KUBERNETES_VERSION.minor,
    minCompatibilityMajor: "1",
    minCompatibilityMinor: "34",
    gitVersion: KUBERNETES_VERSION.gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: "go1.25.0",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

/** Whether the Accept header asks for aggregated discovery v2 (client-go lists it first, with JSON as fallback). */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((part) => part.includes("as=APIGroupDiscoveryList") && part.includes("v=v2") && !part.includes("v=v2beta1"));
}

const SUBRESOURCE_VERBS: Record<string, string[]> = { status: ["get", "patch", "update"], scale: ["get", "patch", "update"], log: ["get"] };

function subresourceKind(type: ResourceType, sub: string): { group: string; version: string; kind: string } {
  if (sub === "scale") return { group: "autoscaling", version: "v1", kind: "Scale" };
  return { group: type.group, version: type.version, kind: type.kind };
}

function groupsOf(registry: TypeRegistry, core: boolean): Map<string, Map<string, ResourceType[]>> {
  const groups = new Map<string, Map<string, ResourceType[]>>();
  for (const type of registry.all()) {
    if ((type.group === "") !== core) continue;
    const versions = groups.get(type.group) ?? new Map<string, ResourceType[]>();
    const list = versions.get(type.version) ?? [];
    list.push(type);
    versions.set(type.version, list);
    groups.set(type.group, versions);
  }
  return groups;
}

export function aggregatedDiscovery(registry: TypeRegistry, core: boolean): Json {
  const items = [...groupsOf(registry, core)].map(([group, versions]) => ({
    metadata: { name: group, creationTimestamp: null },
    versions: [...versions].map(([version, types]) => ({
      version,
      freshness: "Current",
      resources: types.map((t) => ({
        resource: t.plural,
        responseKind: { group: t.group, version: t.version, kind: t.kind },
        scope: t.namespaced ? "Namespaced" : "Cluster",
        singularResource: t.singular,
        verbs: t.verbs,
        ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
        ...(t.categories.length ? { categories: t.categories } : {}),
        ...(t.subresources.length
          ? { subresources: t.subresources.map((s) => ({ subresource: s, responseKind: subresourceKind(t, s), verbs: SUBRESOURCE_VERBS[s] ?? ["get"] })) }
          : {}),
      })),
    })),
  }));
  return { kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2", metadata: {}, items };
}

export function legacyCoreVersions(serverAddress: string): Json {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function apiGroup(group: string, versions: string[]): Json {
  const entries = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

export function legacyGroupList(registry: TypeRegistry): Json {
  const groups = [...groupsOf(registry, false)].map(([group, versions]) => apiGroup(group, [...versions.keys()]));
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function legacyGroup(registry: TypeRegistry, group: string): Json | undefined {
  const versions = groupsOf(registry, false).get(group);
  return versions ? { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group, [...versions.keys()]) } : undefined;
}

export function resourceList(registry: TypeRegistry, group: string, version: string): Json | undefined {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources: Json[] = [];
  for (const t of types) {
    resources.push({ name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs, ...(t.shortNames.length ? { shortNames: t.shortNames } : {}), ...(t.categories.length ? { categories: t.categories } : {}) });
    for (const s of t.subresources) {
      const kind = subresourceKind(t, s);
      resources.push({ name: `${t.plural}/${s}`, singularName: "", namespaced: t.namespaced, ...(kind.group !== t.group ? { group: kind.group, version: kind.version } : {}), kind: kind.kind, verbs: SUBRESOURCE_VERBS[s] ?? ["get"] });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf({ group, version }), resources };
}
