/**
 * A hook's objects as the cluster has them now, for the timeline's hook details: whether the hook object is still
 * there (a delete policy may have removed it), a Job's conditions and counts, and each of its Pods' phase and
 * container states. Read on demand, never stored: the timeline's events say what happened, this says what is left.
 */
import { parse as parseYaml } from "yaml";
import type { KubeClient, KubeObject } from "@/lib/kube";

export interface PodState {
  name: string;
  phase: string;
  containers: string[];
}

export interface HookObjectState {
  /** False when the object is gone from the cluster. */
  present: boolean;
  /** One line: "Job complete", "Job failed: BackoffLimitExceeded (…)", "not in the cluster". */
  summary: string;
  pods: PodState[];
}

export interface HookRef {
  kind: string;
  name: string;
  namespace: string;
  /** The hook's manifest as it ran, for its apiVersion. */
  manifest: string;
}

const DEFAULT_API_VERSIONS: Record<string, string> = { Job: "batch/v1", Pod: "v1", ConfigMap: "v1", Secret: "v1", ServiceAccount: "v1" };

function apiVersionOf(ref: HookRef): string {
  try {
    const doc = parseYaml(ref.manifest) as { apiVersion?: unknown } | null;
    if (typeof doc?.apiVersion === "string") return doc.apiVersion;
  } catch {
    // a manifest that does not parse still names a kind with a usual group
  }
  return DEFAULT_API_VERSIONS[ref.kind] ?? "v1";
}

type ContainerStatus = { name: string; state?: { running?: object; waiting?: { reason?: string }; terminated?: { reason?: string; exitCode?: number } } };

function containerState(c: ContainerStatus): string {
  const s = c.state ?? {};
  if (s.terminated) return `${c.name}: terminated (${s.terminated.reason ?? "no reason"}, exit code ${s.terminated.exitCode ?? "?"})`;
  if (s.waiting) return `${c.name}: waiting${s.waiting.reason ? ` (${s.waiting.reason})` : ""}`;
  if (s.running) return `${c.name}: running`;
  return `${c.name}: unknown`;
}

export function podState(pod: KubeObject): PodState {
  const status = (pod.status ?? {}) as { phase?: string; containerStatuses?: ContainerStatus[] };
  return { name: pod.metadata.name, phase: status.phase ?? "Unknown", containers: (status.containerStatuses ?? []).map(containerState) };
}

export function jobSummary(job: KubeObject): string {
  const status = (job.status ?? {}) as { active?: number; succeeded?: number; failed?: number; conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
  const counts = `${status.active ?? 0} active, ${status.succeeded ?? 0} succeeded, ${status.failed ?? 0} failed pods`;
  const done = (status.conditions ?? []).find((c) => c.status === "True" && (c.type === "Complete" || c.type === "Failed"));
  if (!done) return `Job running (${counts})`;
  const why = [done.reason, done.message].filter(Boolean).join(": ");
  return `Job ${done.type === "Complete" ? "complete" : "failed"}${why ? ` — ${why}` : ""} (${counts})`;
}

export async function readHookState(client: KubeClient, ref: HookRef): Promise<HookObjectState> {
  const bounds = { deadline: Date.now() + 10_000 };
  const object = await client.get({ apiVersion: apiVersionOf(ref), kind: ref.kind, name: ref.name, namespace: ref.namespace }, bounds);
  const pods = (await client.hookPods(ref.kind, ref.name, ref.namespace, bounds)).map(podState);
  if (!object) return { present: false, summary: `${ref.kind}/${ref.name} is not in the cluster any more`, pods };
  const summary = ref.kind === "Job" ? jobSummary(object) : ref.kind === "Pod" ? `Pod ${podState(object).phase}` : `${ref.kind}/${ref.name} is present`;
  return { present: true, summary, pods };
}
