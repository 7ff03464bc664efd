/**
 * Release manifests and hook manifests as Kubernetes objects: splitting and decoding them (YAML 1.1, like
 * sigs.k8s.io/yaml), defaulting the namespace, kind ordering, the identity helm uses to match an object across
 * revisions, and the ownership metadata helm stamps on regular resources at apply time.
 */
import { parseAllDocuments } from "yaml";
import { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind } from "@/lib/chart/kind-order";
import { splitManifests } from "@/lib/chart/manifest-documents";
import type { KubeObject, ObjectRef } from "@/lib/kube";

export { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind };

export const RESOURCE_POLICY_ANNOTATION = "helm.sh/resource-policy";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const RELEASE_NAME_ANNOTATION = "meta.helm.sh/release-name";
export const RELEASE_NAMESPACE_ANNOTATION = "meta.helm.sh/release-namespace";

export class ManifestBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestBuildError";
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One YAML document as objects (a `*List` kind is flattened, as kubectl's builder does). */
function documentObjects(text: string, namespace: string): KubeObject[] {
  const docs = parseAllDocuments(text, { version: "1.1", merge: true });
  const out: KubeObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new ManifestBuildError(doc.errors[0]!.message);
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) throw new ManifestBuildError("object is not a mapping");
    if (typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
      for (const item of value.items) if (isRecord(item)) out.push(withNamespace(item, namespace));
      continue;
    }
    out.push(withNamespace(value, namespace));
  }
  return out;
}

function withNamespace(value: Record<string, unknown>, namespace: string): KubeObject {
  if (typeof value.apiVersion !== "string" || value.apiVersion === "") throw new ManifestBuildError("apiVersion not set");
  if (typeof value.kind !== "string" || value.kind === "") throw new ManifestBuildError("kind not set");
  const metadata = isRecord(value.metadata) ? { ...value.metadata } : {};
  // The cluster client drops the namespace again for cluster-scoped kinds.
  if (typeof metadata.namespace !== "string" || metadata.namespace === "") metadata.namespace = namespace;
  return { ...value, metadata } as KubeObject;
}

/** The objects of a manifest (release manifest or one hook's manifest), in document order. */
export function buildObjects(manifest: string, namespace: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of splitManifests(manifest)) out.push(...documentObjects(doc, namespace));
  return out;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** helm 4.1.1+'s identity across revisions: namespace, name, group and kind (not the version). */
export function identity(object: KubeObject): string {
  return `${object.metadata.namespace ?? ""}/${object.metadata.name}/${groupOf(object.apiVersion)}/${object.kind}`;
}

/** The key of the "is this object new?" pre-check, which does include the version. */
export function versionedKey(object: KubeObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

/** Addressing an object needs its name; an empty one would address the whole collection. */
export function refOf(object: KubeObject): ObjectRef {
  if (!object.metadata.name) throw new ManifestBuildError("resource name may not be empty");
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace };
}

export function describeObject(object: KubeObject): string {
  return `${object.kind} "${object.metadata.name}"`;
}

/** Regular resources carry the release's ownership label and annotations when they are written (never stored). */
export function withOwnership(object: KubeObject, releaseName: string, releaseNamespace: string): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...(object.metadata.labels ?? {}), [MANAGED_BY_LABEL]: "Helm" },
      annotations: {
        ...(object.metadata.annotations ?? {}),
        [RELEASE_NAME_ANNOTATION]: releaseName,
        [RELEASE_NAMESPACE_ANNOTATION]: releaseNamespace,
      },
    },
  };
}

/** Why an existing object cannot be adopted by this release, or undefined when it can. */
export function ownershipProblem(live: KubeObject, releaseName: string, releaseNamespace: string): string | undefined {
  const problems: string[] = [];
  const labels = live.metadata.labels ?? {};
  const annotations = live.metadata.annotations ?? {};
  if (labels[MANAGED_BY_LABEL] !== "Helm") {
    problems.push(`label validation error: missing key "${MANAGED_BY_LABEL}": must be set to "Helm"`);
  }
  const check = (key: string, want: string) => {
    const got = annotations[key];
    if (got === undefined) problems.push(`annotation validation error: missing key "${key}": must be set to "${want}"`);
    else if (got !== want) problems.push(`annotation validation error: key "${key}" must equal "${want}": current value is "${got}"`);
  };
  check(RELEASE_NAME_ANNOTATION, releaseName);
  check(RELEASE_NAMESPACE_ANNOTATION, releaseNamespace);
  return problems.length ? problems.join("; ") : undefined;
}

/** Runs `work` kind group by kind group: concurrently within a run of same-kind objects, groups in order. */
export async function byKindGroups<T extends { kind: string }>(items: readonly T[], work: (item: T) => Promise<void>): Promise<Error[]> {
  const errors: Error[] = [];
  let i = 0;
  while (i < items.length) {
    let j = i;
    while (j < items.length && items[j]!.kind === items[i]!.kind) j++;
    const results = await Promise.allSettled(items.slice(i, j).map(work));
    for (const r of results) if (r.status === "rejected") errors.push(r.reason instanceof Error ? r.reason : new Error(String(r.reason)));
    i = j;
  }
  return errors;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
