/**
 * Looks up resource types by URL (group, version, plural) or by apiVersion + kind, and keeps the set of types
 * that CustomResourceDefinitions serve in step with the CRD objects in the store.
 */
import { BUILTIN_TYPES, type ResourceType, parseApiVersion, typeKey } from "./resource-types";

type Json = Record<string, unknown>;

export class TypeRegistry {
  private readonly builtin: ResourceType[] = [...BUILTIN_TYPES];
  /** CRD name → the types it serves (one per served version). */
  private readonly custom = new Map<string, ResourceType[]>();
  private generation = 0;

  private cached: ResourceType[] | undefined;

  /** Every served type; cached because routing asks on every request. */
  all(): ResourceType[] {
    this.cached ??= [...this.builtin, ...[...this.custom.values()].flat()];
    return this.cached;
  }

  /** Changes whenever the served set changes; discovery and OpenAPI hashes derive from it. */
  get version(): number {
    return this.generation;
  }

  byPath(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    return this.all().find((t) => t.group === group && t.version === version && t.kind === kind);
  }

  /** Any served version of a group+kind, for controllers that only know the kind. */
  byGroupKind(group: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.kind === kind);
  }

  byTypeKey(key: string): ResourceType | undefined {
    return this.all().find((t) => typeKey(t) === key);
  }

  groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Map<string, { group: string; version: string }>();
    for (const t of this.all()) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
    return [...seen.values()];
  }

  /** Forgets every CRD-defined type (after a reset, before re-reading the stored CRDs). */
  clearCustom(): void {
    this.custom.clear();
    this.generation++;
    this.cached = undefined;
  }

  /** Registers or refreshes the types a CRD serves; pass undefined to remove them. */
  syncCustomResourceDefinition(name: string, crd: Json | undefined): void {
    if (!crd) {
      if (this.custom.delete(name)) {
        this.generation++;
        this.cached = undefined;
      }
      return;
    }
    const spec = (crd.spec ?? {}) as Json;
    const names = (spec.names ?? {}) as Json;
    const versions = (Array.isArray(spec.versions) ? spec.versions : []) as Json[];
    const types = versions
      .filter((v) => v.served !== false)
      .map(
        (v): ResourceType => ({
          group: String(spec.group ?? ""),
          version: String(v.name),
          kind: String(names.kind ?? ""),
          plural: String(names.plural ?? ""),
          singular: String(names.singular ?? String(names.kind ?? "").toLowerCase()),
          namespaced: spec.scope !== "Cluster",
          shortNames: (names.shortNames as string[] | undefined) ?? [],
          categories: (names.categories as string[] | undefined) ?? [],
          subresources: Object.keys(((v.subresources ?? {}) as Json) ?? {}),
          verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        }),
      );
    this.custom.set(name, types);
    this.generation++;
    this.cached = undefined;
  }
}
