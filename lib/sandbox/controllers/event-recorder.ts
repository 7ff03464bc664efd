/**
 * Records core/v1 Events about objects, as the real controllers and kubelet do, so `kubectl describe` and Hookline
 * can show why a hook Pod failed or how a rollout went.
 */
import type { Cluster } from "../api/cluster";
import { timestamp } from "../api/object-meta";
import { CONTROLLER, coreType } from "./owned-objects";

type Json = Record<string, unknown>;

export interface EventNote {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

let sequence = 0n;

/** Kubernetes names events `<object>.<hex nanoseconds>`, which also sorts them in the order they happened. */
function eventSuffix(): string {
  sequence = (sequence + 1n) % 1_000_000n;
  return (BigInt(Date.now()) * 1_000_000n + sequence).toString(16);
}

export function recordEvent(cluster: Cluster, involved: Json, component: string, note: EventNote): void {
  const meta = (involved.metadata ?? {}) as Json;
  const namespace = String(meta.namespace ?? "default");
  const now = timestamp();
  try {
    cluster.create(
      coreType(cluster, "", "Event"),
      namespace,
      {
        metadata: { name: `${String(meta.name)}.${eventSuffix()}` },
        involvedObject: { apiVersion: involved.apiVersion, kind: involved.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion },
        reason: note.reason,
        message: note.message,
        type: note.type,
        source: { component, ...(component === "kubelet" ? { host: "sandbox-node" } : {}) },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        reportingComponent: component,
        reportingInstance: component === "kubelet" ? "sandbox-node" : "",
      },
      CONTROLLER,
    );
  } catch {
    // The namespace may be terminating; events are best effort, as in Kubernetes.
  }
}
