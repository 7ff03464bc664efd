/**
 * Defaulting, as the real API server applies it on every write. Waiters dereference some of these fields without
 * nil checks (Deployment `replicas`, Job `backoffLimit`/`completions`), so they must always be present.
 * Only missing fields are filled; nothing the client set is changed.
 */
type Json = Record<string, unknown>;

function obj(parent: Json, key: string): Json {
  const value = parent[key];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Json;
  const created: Json = {};
  parent[key] = created;
  return created;
}

function fill(target: Json, defaults: Json): void {
  for (const [key, value] of Object.entries(defaults)) if (target[key] === undefined) target[key] = value;
}

function imagePullPolicy(image: unknown): string {
  const ref = String(image ?? "");
  if (ref.includes("@")) return "IfNotPresent";
  const lastSegment = ref.slice(ref.lastIndexOf("/") + 1);
  const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : "";
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultContainers(list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const container of list as Json[]) {
    fill(container, {
      imagePullPolicy: imagePullPolicy(container.image),
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
      resources: {},
    });
    if (Array.isArray(container.ports)) for (const port of container.ports as Json[]) fill(port, { protocol: "TCP" });
  }
}

function defaultPodSpec(spec: Json, restartPolicy = "Always"): void {
  fill(spec, {
    restartPolicy,
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    securityContext: {},
    schedulerName: "default-scheduler",
  });
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
}

function defaultTemplate(spec: Json, restartPolicy?: string): void {
  const template = obj(spec, "template");
  defaultPodSpec(obj(template, "spec"), restartPolicy);
}

const DEFAULTERS: Record<string, (object: Json) => void> = {
  "/Namespace": (o) => {
    obj(o, "spec").finalizers ??= ["kubernetes"];
    const labels = obj(obj(o, "metadata"), "labels");
    labels["kubernetes.io/metadata.name"] ??= String((o.metadata as Json).name);
  },
  "/Secret": (o) => fill(o, { type: "Opaque" }),
  "/Service": (o) => {
    const spec = obj(o, "spec");
    fill(spec, { type: "ClusterIP", sessionAffinity: "None", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", internalTrafficPolicy: "Cluster" });
    if (Array.isArray(spec.ports)) {
      for (const port of spec.ports as Json[]) fill(port, { protocol: "TCP", targetPort: port.port });
    }
  },
  "/Pod": (o) => {
    defaultPodSpec(obj(o, "spec"));
    fill(obj(o, "spec"), { serviceAccountName: "default" });
  },
  "/PersistentVolumeClaim": (o) => fill(obj(o, "spec"), { volumeMode: "Filesystem" }),
  "apps/Deployment": (o) => {
    const spec = obj(o, "spec");
    fill(spec, { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    const strategy = obj(spec, "strategy");
    fill(strategy, { type: "RollingUpdate" });
    if (strategy.type === "RollingUpdate") fill(obj(strategy, "rollingUpdate"), { maxUnavailable: "25%", maxSurge: "25%" });
    defaultTemplate(spec);
  },
  "apps/ReplicaSet": (o) => {
    const spec = obj(o, "spec");
    fill(spec, { replicas: 1 });
    defaultTemplate(spec);
  },
  "apps/StatefulSet": (o) => {
    const spec = obj(o, "spec");
    fill(spec, {
      replicas: 1,
      podManagementPolicy: "OrderedReady",
      revisionHistoryLimit: 10,
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    });
    defaultTemplate(spec);
  },
  "apps/DaemonSet": (o) => {
    const spec = obj(o, "spec");
    fill(spec, { revisionHistoryLimit: 10, updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } });
    defaultTemplate(spec);
  },
  "batch/Job": (o) => {
    const spec = obj(o, "spec");
    fill(spec, { backoffLimit: 6, completions: 1, parallelism: 1, completionMode: "NonIndexed", suspend: false, podReplacementPolicy: "TerminatingOrFailed", manualSelector: false });
    defaultTemplate(spec, "Never");
  },
  "batch/CronJob": (o) => {
    const spec = obj(o, "spec");
    fill(spec, { concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    const jobSpec = obj(obj(spec, "jobTemplate"), "spec");
    defaultTemplate(jobSpec, "Never");
  },
};

/** Fills defaults into `object` (mutating it). `kindKey` is `<group>/<Kind>`. */
export function applyDefaults(kindKey: string, object: Json): void {
  DEFAULTERS[kindKey]?.(object);
}
