/**
 * Helm's `.Capabilities` (*common.Capabilities): the Kubernetes version, the API versions the cluster serves (with
 * the `Has` method) and Helm's own version. Defaults are those of `helm template` v4.1.4 without a cluster.
 */
import { GoMap, goSlice, type GoMethod, type GoStruct, type GoValue } from "../../value";
import { formatValue } from "../../fmt";
import { typedMethod, type SliceLikeStruct } from "../reflect";

/** The API versions `helm template` v4.1.4 assumes without a cluster, in its order. */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1",
  "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1",
  "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
  "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1", "batch/v1beta1",
  "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2",
  "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1",
  "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1",
  "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
  "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1", "resource.k8s.io/v1beta2",
  "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1",
  "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1",
  "storagemigration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
];

export interface CapabilitiesInput {
  /** e.g. "v1.35.0" */
  kubeVersion?: string;
  /** Major and Minor as the cluster reports them ("1", "29+"); derived from kubeVersion when absent. */
  kubeMajor?: string;
  kubeMinor?: string;
  apiVersions?: readonly string[];
  helmVersion?: { version: string; gitCommit: string; gitTreeState: string; goVersion: string; kubeClientVersion: string };
}

const DEFAULT_HELM_VERSION = {
  version: "v4.1.4",
  gitCommit: "05fa37973dc9e42b76e1d2883494c87174b6074f",
  gitTreeState: "clean",
  goVersion: "go1.25.9",
  kubeClientVersion: "v1.35",
};

/** A Go struct with fixed exported fields (in declaration order) and optional methods. */
class PlainStruct implements GoStruct {
  readonly goKind: "struct" | "ptr";
  constructor(
    readonly goType: string,
    private readonly fields: ReadonlyArray<readonly [string, GoValue]>,
    private readonly methods: Record<string, GoMethod> = {},
    private readonly stringer?: () => string,
    private readonly jsonFields?: ReadonlyArray<string>,
  ) {
    this.goKind = goType.startsWith("*") ? "ptr" : "struct";
  }
  field(name: string): GoValue | undefined {
    const f = this.fields.find(([n]) => n === name);
    return f ? f[1] : undefined;
  }
  method(name: string): GoMethod | undefined {
    return Object.prototype.hasOwnProperty.call(this.methods, name) ? this.methods[name] : undefined;
  }
  format(): string {
    if (this.stringer) return this.stringer();
    return "{" + this.fields.map(([, v]) => formatValue(v)).join(" ") + "}";
  }
  toJSONValue(): GoValue {
    const names = this.jsonFields ?? this.fields.map(([n]) => n);
    return new GoMap(
      names.map((n) => [n, toJson(this.field(n) ?? null)] as [string, GoValue]),
      "map[string]interface {}",
    );
  }
}

function toJson(v: GoValue): GoValue {
  return v !== null && typeof v === "object" && "toJSONValue" in v ? (v as GoStruct).toJSONValue() : v;
}

class VersionSet implements SliceLikeStruct {
  readonly goType = "common.VersionSet";
  readonly goKind = "slice" as const;
  private readonly has: GoMethod;
  constructor(private readonly versions: readonly string[]) {
    this.has = typedMethod(["string"], (v) => this.versions.includes(v as string));
  }
  field(): undefined {
    return undefined;
  }
  method(name: string): GoMethod | undefined {
    return name === "Has" ? this.has : undefined;
  }
  sliceItems(): GoValue[] {
    return [...this.versions];
  }
  format(): string {
    return "[" + this.versions.join(" ") + "]";
  }
  toJSONValue(): GoValue {
    return goSlice([...this.versions], "string");
  }
}

export function buildCapabilities(input: CapabilitiesInput = {}): GoStruct {
  const kube = input.kubeVersion ?? "v1.35.0";
  const m = /^v?(\d+)\.(\d+)/.exec(kube);
  const major = input.kubeMajor ?? (m ? m[1] : "");
  const minor = input.kubeMinor ?? (m ? m[2] : "");
  const kubeVersion = new PlainStruct(
    "common.KubeVersion",
    [
      ["Version", kube],
      ["Major", major],
      ["Minor", minor],
    ],
    { String: typedMethod([], () => kube), GitVersion: typedMethod([], () => kube) },
    () => kube,
  );
  const hv = input.helmVersion ?? DEFAULT_HELM_VERSION;
  const helmVersion = new PlainStruct(
    "common.BuildInfo",
    [
      ["Version", hv.version],
      ["GitCommit", hv.gitCommit],
      ["GitTreeState", hv.gitTreeState],
      ["GoVersion", hv.goVersion],
      ["KubeClientVersion", hv.kubeClientVersion],
    ],
    {},
    undefined,
    ["Version", "GitCommit", "GitTreeState", "GoVersion"],
  );
  return new PlainStruct("*common.Capabilities", [
    ["KubeVersion", kubeVersion],
    ["APIVersions", new VersionSet(input.apiVersions ?? DEFAULT_API_VERSIONS)],
    ["HelmVersion", helmVersion],
  ]);
}
