/**
 * The stage table: how Pods, PersistentVolumeClaims and CustomResourceDefinitions move through their life
 * cycles. Pods: scheduled → Running (ready) → for run-to-completion Pods, Succeeded or Failed after their duration.
 * Scenario annotations pick the outcome (`fail`, `hang`) and duration.
 */
import { timestamp } from "../api/object-meta";
import { durationOf, outcomeOf } from "../scenarios/annotations";
import type { Stage } from "./stage-engine";
import type { SandboxTiming } from "./timing";

type Json = Record<string, unknown>;

const NOT_DELETING = { "metadata.deletionTimestamp": "absent" } as const;

function podSpec(pod: Json): Json {
  return (pod.spec ?? {}) as Json;
}

function containersOf(pod: Json): Json[] {
  return (podSpec(pod).containers ?? []) as Json[];
}

/** Job Pods and hook Pods (restartPolicy Never/OnFailure) run to completion; others run until deleted. */
function runsToCompletion(pod: Json): boolean {
  return (podSpec(pod).restartPolicy ?? "Always") !== "Always";
}

function podIp(pod: Json): string {
  const uid = String(((pod.metadata ?? {}) as Json).uid ?? "");
  const n = parseInt(uid.replace(/-/g, "").slice(0, 4) || "0", 16);
  return `10.244.${(n >> 8) % 256}.${(n % 254) + 1}`;
}

function condition(type: string, status: string, extra: Json = {}): Json {
  return { type, status, lastProbeTime: null, lastTransitionTime: timestamp(), ...extra };
}

function runningStatus(pod: Json): Json {
  const crashing = outcomeOf(pod) === "fail" && !runsToCompletion(pod);
  const ready = crashing ? "False" : "True";
  const notReady = crashing ? { reason: "ContainersNotReady", message: `containers with unready status: [${containersOf(pod).map((c) => String(c.name)).join(" ")}]` } : {};
  const now = timestamp();
  return {
    phase: "Running",
    hostIP: "10.0.0.10",
    hostIPs: [{ ip: "10.0.0.10" }],
    podIP: podIp(pod),
    podIPs: [{ ip: podIp(pod) }],
    startTime: now,
    qosClass: "BestEffort",
    conditions: [
      condition("PodReadyToStartContainers", "True"),
      condition("Initialized", "True"),
      condition("Ready", ready, notReady),
      condition("ContainersReady", ready, notReady),
      condition("PodScheduled", "True"),
    ],
    containerStatuses: containersOf(pod).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `docker.io/library/${String(c.image)}@sha256:${"0".repeat(64)}`,
      containerID: `containerd://${String(c.name)}-${podIp(pod).replace(/\./g, "")}`,
      ready: !crashing,
      started: !crashing,
      restartCount: crashing ? 1 : 0,
      state: crashing
        ? { waiting: { reason: "CrashLoopBackOff", message: `back-off 10s restarting failed container=${String(c.name)}` } }
        : { running: { startedAt: now } },
      ...(crashing ? { lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: now, finishedAt: now } } } : {}),
    })),
  };
}

function terminatedStatus(pod: Json, succeeded: boolean): Json {
  const status = (pod.status ?? {}) as Json;
  const now = timestamp();
  const reason = succeeded ? "PodCompleted" : "PodFailed";
  return {
    phase: succeeded ? "Succeeded" : "Failed",
    conditions: [
      condition("PodReadyToStartContainers", "False"),
      condition("Initialized", "True", { reason: "PodCompleted" }),
      condition("Ready", "False", { reason }),
      condition("ContainersReady", "False", { reason }),
      condition("PodScheduled", "True"),
    ],
    containerStatuses: containersOf(pod).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `docker.io/library/${String(c.image)}@sha256:${"0".repeat(64)}`,
      ready: false,
      started: false,
      restartCount: 0,
      state: { terminated: { exitCode: succeeded ? 0 : 1, reason: succeeded ? "Completed" : "Error", startedAt: status.startTime ?? now, finishedAt: now } },
    })),
  };
}

export function buildStages(timing: SandboxTiming): Stage[] {
  return [
    {
      name: "pod-scheduled",
      group: "",
      kind: "Pod",
      matchFields: { "status.phase": "absent", ...NOT_DELETING },
      delayMs: () => 0,
      nextStatus: () => ({ phase: "Pending", qosClass: "BestEffort", conditions: [condition("PodScheduled", "True")] }),
      component: "default-scheduler",
      events: (pod) => [{ type: "Normal", reason: "Scheduled", message: `Successfully assigned ${String((pod.metadata as Json).namespace)}/${String((pod.metadata as Json).name)} to sandbox-node` }],
    },
    {
      name: "pod-running",
      group: "",
      kind: "Pod",
      matchFields: { "status.phase": ["Pending"], ...NOT_DELETING },
      // A duration on a long-running Pod is its start-up time: a "slow" scenario delays readiness.
      delayMs: (pod) => (runsToCompletion(pod) ? timing.podStartMs : durationOf(pod, timing.podStartMs)),
      nextStatus: runningStatus,
      component: "kubelet",
      events: (pod) =>
        containersOf(pod).flatMap((c) => [
          { type: "Normal" as const, reason: "Pulled", message: `Container image "${String(c.image)}" already present on machine` },
          { type: "Normal" as const, reason: "Created", message: `Created container: ${String(c.name)}` },
          { type: "Normal" as const, reason: "Started", message: `Started container ${String(c.name)}` },
          ...(outcomeOf(pod) === "fail" && !runsToCompletion(pod)
            ? [{ type: "Warning" as const, reason: "BackOff", message: `Back-off restarting failed container ${String(c.name)} in pod ${String((pod.metadata as Json).name)}` }]
            : []),
        ]),
    },
    {
      name: "pod-completed",
      group: "",
      kind: "Pod",
      matchFields: { "status.phase": ["Running"], ...NOT_DELETING },
      when: (pod) => runsToCompletion(pod) && outcomeOf(pod) !== "hang",
      delayMs: (pod) => durationOf(pod, timing.podRunMs),
      nextStatus: (pod) => terminatedStatus(pod, outcomeOf(pod) !== "fail"),
      component: "kubelet",
      events: (pod) =>
        outcomeOf(pod) === "fail"
          ? [{ type: "Warning", reason: "Failed", message: `Container ${String(containersOf(pod)[0]?.name ?? "main")} exited with code 1 (scripted by sandbox.hookline.dev/outcome)` }]
          : [],
    },
    {
      name: "pvc-bound",
      group: "",
      kind: "PersistentVolumeClaim",
      matchFields: { "status.phase": "absent", ...NOT_DELETING },
      delayMs: () => timing.volumeBindMs,
      nextStatus: (pvc) => {
        const spec = (pvc.spec ?? {}) as Json;
        const requests = (((spec.resources ?? {}) as Json).requests ?? {}) as Json;
        return { phase: "Bound", accessModes: spec.accessModes ?? ["ReadWriteOnce"], capacity: { storage: requests.storage ?? "1Gi" } };
      },
    },
    {
      name: "crd-established",
      group: "apiextensions.k8s.io",
      kind: "CustomResourceDefinition",
      matchFields: { "status.acceptedNames": "absent" },
      delayMs: () => 0,
      nextStatus: (crd) => {
        const spec = (crd.spec ?? {}) as Json;
        const versions = (spec.versions ?? []) as Json[];
        const now = timestamp();
        return {
          acceptedNames: spec.names,
          storedVersions: versions.filter((v) => v.storage).map((v) => v.name),
          conditions: [
            { type: "NamesAccepted", status: "True", lastTransitionTime: now, reason: "NoConflicts", message: "no conflicts found" },
            { type: "Established", status: "True", lastTransitionTime: now, reason: "InitialNamesAccepted", message: "the initial names have been accepted" },
          ],
        };
      },
    },
    {
      name: "service-load-balancer",
      group: "",
      kind: "Service",
      matchFields: { "spec.type": ["LoadBalancer"], "status.loadBalancer.ingress": "absent" },
      delayMs: () => timing.podStartMs,
      nextStatus: () => ({ loadBalancer: { ingress: [{ ip: "127.0.0.1", ipMode: "VIP" }] } }),
    },
  ];
}

