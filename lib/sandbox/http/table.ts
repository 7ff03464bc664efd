/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`): the columns kubectl shows for
 * `get` and `get -w`. A few kinds get their familiar columns; every other kind prints NAME and AGE.
 */
type Json = Record<string, unknown>;

interface Column {
  name: string;
  type: string;
  format?: string;
  /** 1 = only with `-o wide`. */
  priority?: number;
  cell: (object: Json, now: number) => unknown;
}

export const TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? "").split(",")[0].includes("as=Table");
}

const get = (object: Json, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Json)[k] : undefined), object);

/** kubectl's short durations: 45s, 3m12s, 25m, 5h, 3d. */
function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

const nameColumn: Column = { name: "Name", type: "string", format: "name", cell: (o) => get(o, "metadata.name") };
const ageColumn: Column = {
  name: "Age",
  type: "string",
  cell: (o, now) => {
    const created = Date.parse(String(get(o, "metadata.creationTimestamp") ?? ""));
    return Number.isNaN(created) ? "<unknown>" : humanDuration((now - created) / 1000);
  },
};

function conditionTrue(object: Json, type: string): boolean {
  const conditions = (get(object, "status.conditions") ?? []) as Json[];
  return conditions.some((c) => c.type === type && c.status === "True");
}

const KIND_COLUMNS: Record<string, Column[]> = {
  Pod: [
    { name: "Ready", type: "string", cell: (o) => {
      const statuses = (get(o, "status.containerStatuses") ?? []) as Json[];
      const total = ((get(o, "spec.containers") ?? []) as unknown[]).length;
      return `${statuses.filter((s) => s.ready === true).length}/${total}`;
    } },
    { name: "Status", type: "string", cell: (o) => {
      if (get(o, "metadata.deletionTimestamp")) return "Terminating";
      const phase = String(get(o, "status.phase") ?? "Pending");
      if (phase === "Succeeded") return "Completed";
      if (phase === "Failed") return "Error";
      return phase;
    } },
    { name: "Restarts", type: "integer", cell: (o) => ((get(o, "status.containerStatuses") ?? []) as Json[]).reduce((n, s) => n + Number(s.restartCount ?? 0), 0) },
  ],
  Deployment: [
    { name: "Ready", type: "string", cell: (o) => `${Number(get(o, "status.readyReplicas") ?? 0)}/${Number(get(o, "spec.replicas") ?? 0)}` },
    { name: "Up-to-date", type: "integer", cell: (o) => Number(get(o, "status.updatedReplicas") ?? 0) },
    { name: "Available", type: "integer", cell: (o) => Number(get(o, "status.availableReplicas") ?? 0) },
  ],
  StatefulSet: [{ name: "Ready", type: "string", cell: (o) => `${Number(get(o, "status.readyReplicas") ?? 0)}/${Number(get(o, "spec.replicas") ?? 0)}` }],
  ReplicaSet: [
    { name: "Desired", type: "integer", cell: (o) => Number(get(o, "spec.replicas") ?? 0) },
    { name: "Current", type: "integer", cell: (o) => Number(get(o, "status.replicas") ?? 0) },
    { name: "Ready", type: "integer", cell: (o) => Number(get(o, "status.readyReplicas") ?? 0) },
  ],
  Job: [
    { name: "Status", type: "string", cell: (o) => (conditionTrue(o, "Complete") ? "Complete" : conditionTrue(o, "Failed") ? "Failed" : get(o, "metadata.deletionTimestamp") ? "Terminating" : "Running") },
    { name: "Completions", type: "string", cell: (o) => `${Number(get(o, "status.succeeded") ?? 0)}/${Number(get(o, "spec.completions") ?? 1)}` },
    { name: "Duration", type: "string", cell: (o, now) => {
      const start = Date.parse(String(get(o, "status.startTime") ?? ""));
      if (Number.isNaN(start)) return "";
      const end = Date.parse(String(get(o, "status.completionTime") ?? "")) || now;
      return humanDuration((end - start) / 1000);
    } },
  ],
  Service: [
    { name: "Type", type: "string", cell: (o) => get(o, "spec.type") ?? "ClusterIP" },
    { name: "Cluster-IP", type: "string", cell: (o) => get(o, "spec.clusterIP") ?? "<none>" },
    { name: "External-IP", type: "string", cell: () => "<none>" },
    { name: "Port(s)", type: "string", cell: (o) => ((get(o, "spec.ports") ?? []) as Json[]).map((p) => `${String(p.port)}/${String(p.protocol ?? "TCP")}`).join(",") || "<none>" },
  ],
  Namespace: [{ name: "Status", type: "string", cell: (o) => get(o, "status.phase") ?? "Active" }],
  PersistentVolumeClaim: [{ name: "Status", type: "string", cell: (o) => get(o, "status.phase") ?? "Pending" }],
};

const sinceColumn = (name: string, path: string): Column => ({
  name,
  type: "string",
  cell: (o, now) => {
    const at = Date.parse(String(get(o, path) ?? ""));
    return Number.isNaN(at) ? "<unknown>" : humanDuration((now - at) / 1000);
  },
});

/** kubectl shows events without a NAME column: when, what kind, why, about which object, and the message. */
const EVENT_COLUMNS: Column[] = [
  sinceColumn("Last Seen", "lastTimestamp"),
  { name: "Type", type: "string", cell: (o) => get(o, "type") ?? "" },
  { name: "Reason", type: "string", cell: (o) => get(o, "reason") ?? "" },
  { name: "Object", type: "string", cell: (o) => `${String(get(o, "involvedObject.kind") ?? "").toLowerCase()}/${String(get(o, "involvedObject.name") ?? "")}` },
  { name: "Message", type: "string", cell: (o) => get(o, "message") ?? "" },
  { ...nameColumn, priority: 1 },
];

/** Extra columns for `-o wide`. */
const WIDE_COLUMNS: Record<string, Column[]> = {
  Pod: [
    { name: "IP", type: "string", priority: 1, cell: (o) => get(o, "status.podIP") ?? "<none>" },
    { name: "Node", type: "string", priority: 1, cell: (o) => get(o, "spec.nodeName") ?? "<none>" },
  ],
  Deployment: [
    { name: "Containers", type: "string", priority: 1, cell: (o) => ((get(o, "spec.template.spec.containers") ?? []) as Json[]).map((c) => c.name).join(",") },
    { name: "Images", type: "string", priority: 1, cell: (o) => ((get(o, "spec.template.spec.containers") ?? []) as Json[]).map((c) => c.image).join(",") },
  ],
  Service: [{ name: "Selector", type: "string", priority: 1, cell: (o) => Object.entries((get(o, "spec.selector") ?? {}) as Json).map(([k, v]) => `${k}=${String(v)}`).join(",") || "<none>" }],
};

function columnsFor(kind: string): Column[] {
  if (kind === "Event") return EVENT_COLUMNS;
  return [nameColumn, ...(KIND_COLUMNS[kind] ?? []), ageColumn, ...(WIDE_COLUMNS[kind] ?? [])];
}

function rowObject(object: Json, includeObject: string | null): Json | undefined {
  if (includeObject === "None") return undefined;
  if (includeObject === "Object") return object;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata };
}

export function toTable(kind: string, objects: Json[], resourceVersion: string, includeObject: string | null): Json {
  const columns = columnsFor(kind);
  const now = Date.now();
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? "", description: "", priority: c.priority ?? 0 })),
    rows: objects.map((o) => {
      const object = rowObject(o, includeObject);
      return { cells: columns.map((c) => c.cell(o, now)), ...(object ? { object } : {}) };
    }),
  };
}
