/**
 * A rollout that makes no progress for `spec.progressDeadlineSeconds` is reported as failed, as the real
 * Deployment controller does: Progressing=False with reason ProgressDeadlineExceeded. kstatus (helm `--wait`)
 * then reports the Deployment as Failed instead of waiting for its timeout.
 */
import { setCondition } from "./conditions";
import type { Stage } from "./stage-engine";

type Json = Record<string, unknown>;

export const PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

function progressing(deployment: Json): Json | undefined {
  const conditions = (((deployment.status ?? {}) as Json).conditions ?? []) as Json[];
  return conditions.find((c) => c.type === "Progressing");
}

export const DEPLOYMENT_STAGES: Stage[] = [
  {
    name: "deployment-progress-deadline-exceeded",
    group: "apps",
    kind: "Deployment",
    component: "deployment-controller",
    matchFields: { "metadata.deletionTimestamp": "absent", "spec.paused": "absent" },
    when: (deployment) => progressing(deployment)?.reason === "ReplicaSetUpdated",
    dueAt: (deployment) => {
      const since = Date.parse(String(progressing(deployment)?.lastUpdateTime ?? ""));
      const seconds = Number(((deployment.spec ?? {}) as Json).progressDeadlineSeconds ?? 600);
      return Number.isNaN(since) ? Infinity : since + seconds * 1000;
    },
    nextStatus: (deployment) => {
      const replicaSet = /ReplicaSet "([^"]+)"/.exec(String(progressing(deployment)?.message ?? ""))?.[1] ?? "";
      const conditions = setCondition(((deployment.status ?? {}) as Json).conditions as Json[] | undefined, {
        type: "Progressing",
        status: "False",
        reason: PROGRESS_DEADLINE_EXCEEDED,
        message: `ReplicaSet "${replicaSet}" has timed out progressing.`,
      });
      return { conditions };
    },
    events: () => [{ type: "Warning", reason: PROGRESS_DEADLINE_EXCEEDED, message: "Deployment has timed out progressing." }],
  },
];
