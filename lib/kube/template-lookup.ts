/**
 * helm's `lookup` against the cluster, synchronous for the template engine: `(apiVersion, kind, namespace, name)`
 * gets one object by name, or lists the kind when the name is empty (in the namespace, or in all namespaces when it
 * is empty; cluster-scoped kinds ignore it). The answer is the object or the list as plain JSON (list items carry
 * the kind and apiVersion the list implies, as client-go's unstructured decoding sets them); an object or a list
 * that is not found gives `{}`; every other failure is an error. The kind is mapped to its resource through the
 * operation's discovery (TemplateCluster), and a group/version missing from it is read once, as helm reads it;
 * one the server does not serve is an error, as in helm. A kind the group/version does not list gives `{}` (helm then
 * asks for an empty resource name, which the server answers with Not Found).
 */
import { groupVersionPath, resourcePath } from "./discovery";
import { SyncGetError, SyncGetter, type SyncResponse } from "./sync-get";
import type { TemplateCluster, TemplateResource } from "./template-cluster";

export type LookupResult = Record<string, unknown>;

export interface TemplateLookup {
  lookup(apiVersion: string, kind: string, namespace: string, name: string): LookupResult;
  /** Stops the request thread (if one was started). */
  close(): void;
}

/** Where a lookup's deadline comes from: every request gets what is left of it. */
export interface LookupBounds {
  /** Epoch milliseconds; lookups after it fail at once. */
  deadline: number;
}

function parse(response: SyncResponse, what: string): LookupResult {
  try {
    return JSON.parse(response.body) as LookupResult;
  } catch {
    throw new Error(`${what}: the server answered HTTP ${response.status} with a body that is not JSON`);
  }
}

/** The server's Status message for a failed answer, as client-go reports API errors. */
function failure(response: SyncResponse, what: string): Error {
  let message = "";
  try {
    const status = JSON.parse(response.body) as { kind?: string; message?: string };
    if (status.kind === "Status" && status.message) message = status.message;
  } catch {
    // not a Status
  }
  if (!message) message = response.status === 404 ? "the server could not find the requested resource" : `${what}: HTTP ${response.status}`;
  return new Error(message);
}

/** client-go's list decoding: items without kind and apiVersion get the list's, minus "List". */
function withItemKinds(list: LookupResult): LookupResult {
  const items = Array.isArray(list.items) ? (list.items as Array<Record<string, unknown>>) : [];
  const kind = typeof list.kind === "string" ? list.kind.replace(/List$/, "") : "";
  const apiVersion = list.apiVersion;
  return {
    ...list,
    items: items.map((item) => (item && !item.kind && !item.apiVersion ? { ...item, kind, apiVersion } : item)),
  };
}

export function templateLookup(cluster: TemplateCluster, bounds: LookupBounds): TemplateLookup {
  const getter = new SyncGetter(cluster.connection);
  const resources = new Map<string, TemplateResource[]>(Object.entries(cluster.resources));

  const get = (path: string): SyncResponse => {
    try {
      return getter.get(path, undefined, bounds.deadline - Date.now());
    } catch (error) {
      if (error instanceof SyncGetError && bounds.deadline <= Date.now()) throw new Error(`${error.message} (the render deadline passed)`);
      throw error;
    }
  };

  const resourcesOf = (apiVersion: string): TemplateResource[] => {
    const known = resources.get(apiVersion);
    if (known) return known;
    const response = get(groupVersionPath(apiVersion));
    if (response.status < 200 || response.status >= 300) throw failure(response, `GET ${groupVersionPath(apiVersion)}`);
    const list = parse(response, `GET ${groupVersionPath(apiVersion)}`) as { resources?: TemplateResource[] };
    const top = (list.resources ?? []).filter((r) => !r.name.includes("/")).map((r) => ({ kind: r.kind, name: r.name, namespaced: r.namespaced }));
    resources.set(apiVersion, top);
    return top;
  };

  return {
    lookup(apiVersion, kind, namespace, name) {
      const resource = resourcesOf(apiVersion).find((r) => r.kind === kind);
      if (!resource) return {};
      const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
      const mapping = { group, version, apiVersion, kind, resource: resource.name, namespaced: resource.namespaced, verbs: [] };
      const path = resourcePath({ mapping, namespace: namespace || undefined, name: name || undefined });
      const response = get(path);
      if (response.status === 404) return {};
      if (response.status < 200 || response.status >= 300) throw failure(response, `GET ${path}`);
      const body = parse(response, `GET ${path}`);
      return name ? body : withItemKinds(body);
    },
    close: () => getter.close(),
  };
}
