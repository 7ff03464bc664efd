/**
 * What a chart's templates see of the live cluster when helm 4 installs or upgrades (not `helm template`, not
 * `--dry-run=client`): `.Capabilities` read from the server — the Kubernetes version from `/version`, and the API
 * versions from discovery (every served group/version, plus `<group/version>/<Kind>` for every resource and
 * sub-resource of each, as helm's GetVersionSet builds them) — and what `lookup` needs: the resource lists read by
 * the same discovery and the resolved connection (server, TLS material, auth and impersonation headers). It is plain
 * data, read once per operation, so it can travel to a render worker process (never to a browser: it holds
 * credentials).
 */
import { DEFAULT_API_VERSIONS } from "@/lib/chart/capabilities";
import { KubeClient } from "./client";
import type { Bounds } from "./deadline";
import type { ApiResourceList } from "./discovery";
import { groupVersionPath } from "./discovery";
import { KubeApiError } from "./errors";
import { clusterConnection, type ClusterConnection } from "./sync-get";
import { KubeTransport } from "./transport";

export interface ClusterCapabilities {
  /** From `/version`: gitVersion, major and minor, as helm copies them. */
  kubeVersion: { Version: string; Major: string; Minor: string };
  /** Group/versions and group/version/Kinds, sorted (helm's order is a Go map's, i.e. random). */
  apiVersions: string[];
}

/** One top-level resource of a group/version, as lookup maps a kind to its REST path. */
export interface TemplateResource {
  kind: string;
  name: string;
  namespaced: boolean;
}

export interface TemplateCluster {
  capabilities: ClusterCapabilities;
  /** Top-level resources by group/version, from the same discovery (lookup reads unlisted group/versions itself). */
  resources: Record<string, TemplateResource[]>;
  connection: ClusterConnection;
}

interface ApiVersions {
  versions?: string[];
}
interface ApiGroupList {
  groups?: Array<{ name: string; versions?: Array<{ groupVersion: string }> }>;
}

/** How many group/versions discovery reads at once. */
const DISCOVERY_CONCURRENCY = 8;

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index]);
    }
  });
  await Promise.all(runners);
  return out;
}

function prefixed(prefix: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`${prefix}: ${message}`), { cause: error });
}

/** The group/versions the server lists (`/api`, then `/apis`), in the server's order. */
async function servedGroupVersions(client: DiscoveringClient, bounds: Bounds): Promise<string[]> {
  const [core, groups] = await Promise.all([
    client.transport.request<ApiVersions>({ method: "GET", path: "/api" }, bounds),
    client.transport.request<ApiGroupList>({ method: "GET", path: "/apis" }, bounds),
  ]);
  const out = [...(core.versions ?? [])];
  for (const group of groups.groups ?? []) for (const v of group.versions ?? []) out.push(v.groupVersion);
  return out;
}

/**
 * A group/version's resource list; undefined when the server refuses it (helm warns about such a group and goes on:
 * the group/version itself still counts, its kinds do not). Asked once, without retries: a broken aggregated API
 * (a metrics server that is down) must not cost every install the transport's backoff.
 */
async function resourceList(once: KubeTransport, groupVersion: string, bounds: Bounds): Promise<ApiResourceList | undefined> {
  try {
    return await once.request<ApiResourceList>({ method: "GET", path: groupVersionPath(groupVersion) }, bounds);
  } catch (error) {
    if (error instanceof KubeApiError) return undefined;
    throw error;
  }
}

/** helm's capabilities and lookup's view of the cluster, read through `client` (its credentials, its impersonation). */
export async function readTemplateCluster(client: DiscoveringClient, bounds: Bounds = {}): Promise<TemplateCluster> {
  let version;
  try {
    version = await client.serverVersion(bounds);
  } catch (error) {
    throw prefixed("could not get server version from Kubernetes", error);
  }
  const apiVersions = new Set<string>();
  const resources: Record<string, TemplateResource[]> = {};
  const once = new KubeTransport(client.transport.kubeConfig, client.transport.server, { retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
  try {
    const groupVersions = await servedGroupVersions(client, bounds);
    const lists = await mapLimited(groupVersions, DISCOVERY_CONCURRENCY, (gv) => resourceList(once, gv, bounds));
    groupVersions.forEach((gv, i) => {
      apiVersions.add(gv);
      const list = lists[i];
      if (!list) return;
      // Every resource counts for Has, sub-resources too (deployments/scale adds apps/v1/Scale); lookup maps only
      // top-level resources.
      for (const r of list.resources ?? []) apiVersions.add(`${gv}/${r.kind}`);
      resources[gv] = (list.resources ?? []).filter((r) => !r.name.includes("/")).map((r) => ({ kind: r.kind, name: r.name, namespaced: r.namespaced }));
    });
  } catch (error) {
    throw prefixed("could not get apiVersions from Kubernetes", error);
  } finally {
    once.close();
  }
  return {
    capabilities: {
      kubeVersion: { Version: version.gitVersion, Major: version.major, Minor: version.minor },
      // A server that reports nothing gets helm's defaults, as helm does.
      apiVersions: apiVersions.size > 0 ? [...apiVersions].sort() : [...DEFAULT_API_VERSIONS],
    },
    resources,
    connection: await clusterConnection(client.transport),
  };
}

/** What discovery needs of a client: lib/kube's KubeClient has it. */
type DiscoveringClient = Pick<KubeClient, "transport" | "serverVersion">;

function isDiscoveringClient(cluster: unknown): cluster is DiscoveringClient {
  if (cluster instanceof KubeClient) return true;
  // Structurally too: a server bundle may hold a second copy of this module, whose class instanceof would miss.
  const c = cluster as Partial<DiscoveringClient> | null;
  return typeof c?.serverVersion === "function" && c.transport !== undefined && typeof c.transport.connectionOptions === "function";
}

/**
 * The templates' view of `cluster` when it is a real HTTP client (lib/kube's KubeClient); undefined for other
 * ClusterClient implementations (in-memory fakes), whose renders keep helm template's defaults.
 */
export function templateClusterReader(cluster: unknown): ((bounds?: Bounds) => Promise<TemplateCluster>) | undefined {
  return isDiscoveringClient(cluster) ? (bounds) => readTemplateCluster(cluster, bounds) : undefined;
}
