/**
 * `.Capabilities` data for client-only rendering (helm template / dry-run): helm v4.1.4's defaults
 * (Kubernetes v1.35.0, the 57 built-in API group/versions, its HelmVersion), `--kube-version` parsing with
 * helm's error texts, `--api-versions` appended, and the Chart.yaml `kubeVersion` constraint check.
 */
import { ChartError } from "./errors";
import { satisfiesConstraint } from "./metadata";
import type { Chart } from "./types";

export interface KubeVersionInfo {
  /** "v1.35.0"; also what GitVersion and String() give. */
  Version: string;
  Major: string;
  Minor: string;
}

export interface HelmVersionInfo {
  Version: string;
  GitCommit: string;
  GitTreeState: string;
  GoVersion: string;
  KubeClientVersion: string;
}

export interface CapabilitiesData {
  KubeVersion: KubeVersionInfo;
  /** In helm's order: the defaults first, then each --api-versions entry. */
  APIVersions: string[];
  HelmVersion: HelmVersionInfo;
}

/** The group/versions helm v4.1.4 reports without a cluster, in its order. */
export const DEFAULT_API_VERSIONS: readonly string[] = Object.freeze([
  "v1",
  "admissionregistration.k8s.io/v1",
  "admissionregistration.k8s.io/v1alpha1",
  "admissionregistration.k8s.io/v1beta1",
  "internal.apiserver.k8s.io/v1alpha1",
  "apps/v1",
  "apps/v1beta1",
  "apps/v1beta2",
  "authentication.k8s.io/v1",
  "authentication.k8s.io/v1alpha1",
  "authentication.k8s.io/v1beta1",
  "authorization.k8s.io/v1",
  "authorization.k8s.io/v1beta1",
  "autoscaling/v1",
  "autoscaling/v2",
  "autoscaling/v2beta1",
  "autoscaling/v2beta2",
  "batch/v1",
  "batch/v1beta1",
  "certificates.k8s.io/v1",
  "certificates.k8s.io/v1beta1",
  "certificates.k8s.io/v1alpha1",
  "coordination.k8s.io/v1alpha2",
  "coordination.k8s.io/v1beta1",
  "coordination.k8s.io/v1",
  "discovery.k8s.io/v1",
  "discovery.k8s.io/v1beta1",
  "events.k8s.io/v1",
  "events.k8s.io/v1beta1",
  "extensions/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1beta2",
  "flowcontrol.apiserver.k8s.io/v1beta3",
  "networking.k8s.io/v1",
  "networking.k8s.io/v1beta1",
  "node.k8s.io/v1",
  "node.k8s.io/v1alpha1",
  "node.k8s.io/v1beta1",
  "policy/v1",
  "policy/v1beta1",
  "rbac.authorization.k8s.io/v1",
  "rbac.authorization.k8s.io/v1beta1",
  "rbac.authorization.k8s.io/v1alpha1",
  "resource.k8s.io/v1",
  "resource.k8s.io/v1beta2",
  "resource.k8s.io/v1beta1",
  "resource.k8s.io/v1alpha3",
  "scheduling.k8s.io/v1alpha1",
  "scheduling.k8s.io/v1beta1",
  "scheduling.k8s.io/v1",
  "storage.k8s.io/v1beta1",
  "storage.k8s.io/v1",
  "storage.k8s.io/v1alpha1",
  "storagemigration.k8s.io/v1beta1",
  "apiextensions.k8s.io/v1beta1",
  "apiextensions.k8s.io/v1",
]);

export const DEFAULT_HELM_VERSION: Readonly<HelmVersionInfo> = Object.freeze({
  Version: "v4.1.4",
  GitCommit: "05fa37973dc9e42b76e1d2883494c87174b6074f",
  GitTreeState: "clean",
  GoVersion: "go1.25.9",
  KubeClientVersion: "v1.35",
});

/** helm's ParseKubeVersion (k8s ParseGeneric): at least major.minor, an optional `v`, anything after kept. */
export function parseKubeVersion(text: string): KubeVersionInfo {
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s.exec(text);
  if (!m) throw new ChartError(`invalid kube version '${text}': could not parse ${JSON.stringify(text)} as version`);
  const components = m[1].split(".");
  if (components.length < 2) throw new ChartError(`invalid kube version '${text}': illegal version string ${JSON.stringify(text)}`);
  // helm prefixes "v" to the text as given, minus one leading "v" (so " v2.0.1" becomes "v v2.0.1").
  const version = `v${text.replace(/^v/, "")}`;
  return { Version: version, Major: String(Number(components[0])), Minor: String(Number(components[1])) };
}

export interface CapabilityOptions {
  /** `--kube-version` */
  kubeVersion?: string;
  /** `--api-versions`, each entry possibly comma-separated as on helm's command line. */
  apiVersions?: string[];
  /**
   * The live cluster's version and API versions (install and upgrade read them from the server): they replace the
   * defaults and the two flags above.
   */
  cluster?: { kubeVersion: KubeVersionInfo; apiVersions: readonly string[] };
}

export function buildCapabilities(options: CapabilityOptions = {}): CapabilitiesData {
  if (options.cluster) {
    return { KubeVersion: { ...options.cluster.kubeVersion }, APIVersions: [...options.cluster.apiVersions], HelmVersion: { ...DEFAULT_HELM_VERSION } };
  }
  const kube = options.kubeVersion !== undefined ? parseKubeVersion(options.kubeVersion) : { Version: "v1.35.0", Major: "1", Minor: "35" };
  const extra = (options.apiVersions ?? []).flatMap((v) => v.split(",")).filter((v) => v !== "");
  return { KubeVersion: kube, APIVersions: [...DEFAULT_API_VERSIONS, ...extra], HelmVersion: { ...DEFAULT_HELM_VERSION } };
}

/** Fails like helm when the root chart's `kubeVersion` constraint excludes the target Kubernetes version. */
/** The chart's kubeVersion constraint rejects the cluster; helm finds this while rendering, not while preparing. */
export class KubeVersionError extends ChartError {
  constructor(message: string) {
    super(message, { file: "Chart.yaml" });
    this.name = "KubeVersionError";
  }
}

export function checkKubeVersion(chart: Chart, capabilities: CapabilitiesData): void {
  const constraint = chart.metadata.KubeVersion;
  if (constraint === "") return;
  // The check ignores the prerelease and build parts of the cluster version (v1.27.3-gke.100 counts as 1.27.3).
  const release = /^\s*v?(\d+(?:\.\d+)*)/.exec(capabilities.KubeVersion.Version)?.[1] ?? capabilities.KubeVersion.Version;
  if (!satisfiesConstraint(constraint, release)) {
    throw new KubeVersionError(`chart requires kubeVersion: ${constraint} which is incompatible with Kubernetes ${capabilities.KubeVersion.Version}`);
  }
}
