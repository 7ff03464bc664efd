/**
 * Deployments and ReplicaSets. A Deployment owns one ReplicaSet per pod template (named by the template hash); the
 * current one is scaled to `spec.replicas`, older ones to zero. Rolling back to an old template scales its existing
 * ReplicaSet back up, as the real controller does (helm's legacy waiter looks for it). Status fields and conditions
 * are the ones kstatus and helm's readiness checks read.
 */
import type { Cluster } from "../api/cluster";
import { type ResourceType } from "../api/resource-types";
import { annotationsOf, scenarioAnnotations } from "../scenarios/annotations";
import { setCondition } from "./conditions";
import { PROGRESS_DEADLINE_EXCEEDED } from "./deployment-stages";
import { recordEvent } from "./event-recorder";
import { CONTROLLER, controllerRef, coreType, createPodFromTemplate, ownedBy, podIsActive, podIsReady, templateHash } from "./owned-objects";

type Json = Record<string, unknown>;

const HASH_LABEL = "pod-template-hash";
const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

export class DeploymentController {
  constructor(private readonly cluster: Cluster) {}

  private get types(): { deployment: ResourceType; replicaSet: ResourceType; pod: ResourceType } {
    return {
      deployment: coreType(this.cluster, "apps", "Deployment"),
      replicaSet: coreType(this.cluster, "apps", "ReplicaSet"),
      pod: coreType(this.cluster, "", "Pod"),
    };
  }

  reconcileDeployment(namespace: string, name: string): void {
    const { deployment: deploymentType, replicaSet: rsType } = this.types;
    const deployment = this.cluster.find(deploymentType, namespace, name);
    if (!deployment || (deployment.metadata as Json).deletionTimestamp) return;
    const spec = (deployment.spec ?? {}) as Json;
    const replicas = Number(spec.replicas ?? 1);
    const template = (spec.template ?? {}) as Json;
    const hash = templateHash(template);
    const owned = ownedBy(this.cluster, deployment, rsType);
    const revisionOf = (rs: Json): number => Number((((rs.metadata as Json).annotations ?? {}) as Json)[REVISION_ANNOTATION] ?? 0);
    const maxRevision = owned.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
    let current = owned.find((rs) => (((rs.metadata as Json).labels ?? {}) as Json)[HASH_LABEL] === hash);

    if (!current) {
      const templateMeta = (template.metadata ?? {}) as Json;
      const labels = { ...((templateMeta.labels ?? {}) as Json), [HASH_LABEL]: hash };
      const selector = (spec.selector ?? {}) as Json;
      current = this.cluster.create(
        rsType,
        namespace,
        {
          metadata: {
            name: `${name}-${hash}`,
            labels,
            // Scenario annotations travel Deployment → ReplicaSet → Pods.
            annotations: { ...scenarioAnnotations(annotationsOf(deployment)), [REVISION_ANNOTATION]: String(maxRevision + 1), "deployment.kubernetes.io/desired-replicas": String(replicas) },
            ownerReferences: [controllerRef(deploymentType, deployment)],
          },
          spec: {
            replicas,
            selector: { ...selector, matchLabels: { ...((selector.matchLabels ?? {}) as Json), [HASH_LABEL]: hash } },
            template: { ...template, metadata: { ...templateMeta, labels } },
          },
        },
        CONTROLLER,
      );
      recordEvent(this.cluster, deployment, "deployment-controller", { type: "Normal", reason: "ScalingReplicaSet", message: `Scaled up replica set ${name}-${hash} from 0 to ${replicas}` });
    } else {
      const isNewest = revisionOf(current) === maxRevision;
      this.cluster.update(rsType, namespace, String((current.metadata as Json).name), (rs) => {
        (rs.spec as Json).replicas = replicas;
        const annotations = ((rs.metadata as Json).annotations ??= {}) as Json;
        if (!isNewest) annotations[REVISION_ANNOTATION] = String(maxRevision + 1);
        annotations["deployment.kubernetes.io/desired-replicas"] = String(replicas);
      });
    }
    const currentName = String((current.metadata as Json).name);
    // Old ReplicaSets keep serving until the new one is fully available, so a rollout whose Pods never become
    // ready leaves the previous version running, as a rolling update does.
    const newAvailable = Number((((current.status ?? {}) as Json).availableReplicas ?? 0));
    if (newAvailable >= replicas) {
      for (const rs of owned) {
        const rsName = String((rs.metadata as Json).name);
        if (rsName === currentName) continue;
        this.cluster.update(rsType, namespace, rsName, (object) => {
          (object.spec as Json).replicas = 0;
        });
      }
    }
    this.updateDeploymentStatus(namespace, name);
  }

  private updateDeploymentStatus(namespace: string, name: string): void {
    const { deployment: deploymentType, replicaSet: rsType } = this.types;
    const deployment = this.cluster.find(deploymentType, namespace, name);
    if (!deployment) return;
    const spec = (deployment.spec ?? {}) as Json;
    const replicas = Number(spec.replicas ?? 1);
    const hash = templateHash(spec.template ?? {});
    const owned = ownedBy(this.cluster, deployment, rsType);
    const rsStatus = (rs: Json, field: string): number => Number(((rs.status ?? {}) as Json)[field] ?? 0);
    const current = owned.find((rs) => (((rs.metadata as Json).labels ?? {}) as Json)[HASH_LABEL] === hash);
    const total = owned.reduce((n, rs) => n + rsStatus(rs, "replicas"), 0);
    const ready = owned.reduce((n, rs) => n + rsStatus(rs, "readyReplicas"), 0);
    const available = owned.reduce((n, rs) => n + rsStatus(rs, "availableReplicas"), 0);
    const updated = current ? rsStatus(current, "replicas") : 0;
    const currentName = current ? String((current.metadata as Json).name) : `${name}-${hash}`;
    const rolledOut = current !== undefined && updated === replicas && rsStatus(current, "availableReplicas") === replicas && total === replicas;

    this.cluster.update(
      deploymentType,
      namespace,
      name,
      (object) => {
        const status = (object.status ?? {}) as Json;
        let conditions = status.conditions as Json[] | undefined;
        conditions = setCondition(
          conditions,
          available >= replicas
            ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." }
            : { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
        );
        const timedOut = ((status.conditions ?? []) as Json[]).some((c) => c.type === "Progressing" && c.reason === PROGRESS_DEADLINE_EXCEEDED && String(c.message).includes(`"${currentName}"`));
        // Once a rollout timed out (deployment-stages.ts), it stays timed out until it completes or changes.
        if (rolledOut || !timedOut) {
          conditions = setCondition(
            conditions,
            rolledOut
              ? { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${currentName}" has successfully progressed.` }
              : { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${currentName}" is progressing.` },
          );
        }
        // Keep Available before Progressing, as the real controller orders them.
        conditions.sort((a, b) => (a.type === "Available" ? -1 : b.type === "Available" ? 1 : 0));
        object.status = {
          observedGeneration: (object.metadata as Json).generation,
          ...(total ? { replicas: total } : {}),
          ...(updated ? { updatedReplicas: updated } : {}),
          ...(ready ? { readyReplicas: ready } : {}),
          ...(available ? { availableReplicas: available } : {}),
          ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
          conditions,
        };
      },
      "status",
    );
  }

  reconcileReplicaSet(namespace: string, name: string): void {
    const { replicaSet: rsType, pod: podType } = this.types;
    const rs = this.cluster.find(rsType, namespace, name);
    if (!rs || (rs.metadata as Json).deletionTimestamp) return;
    const spec = (rs.spec ?? {}) as Json;
    const replicas = Number(spec.replicas ?? 1);
    let pods = ownedBy(this.cluster, rs, podType).filter(podIsActive);
    if (pods.length < replicas) {
      for (let i = pods.length; i < replicas; i++) {
        const pod = createPodFromTemplate(this.cluster, rsType, rs, (spec.template ?? {}) as Json);
        if (pod) recordEvent(this.cluster, rs, "replicaset-controller", { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${String((pod.metadata as Json).name)}` });
      }
    } else if (pods.length > replicas) {
      const doomed = [...pods].sort((a, b) => String((b.metadata as Json).creationTimestamp).localeCompare(String((a.metadata as Json).creationTimestamp))).slice(0, pods.length - replicas);
      for (const pod of doomed) {
        try {
          this.cluster.delete(podType, namespace, String((pod.metadata as Json).name), {}, CONTROLLER);
        } catch {
          // Already gone.
        }
      }
    }
    pods = ownedBy(this.cluster, rs, podType).filter(podIsActive);
    const ready = pods.filter(podIsReady).length;
    this.cluster.update(
      rsType,
      namespace,
      name,
      (object) => {
        object.status = {
          replicas: pods.length,
          ...(pods.length ? { fullyLabeledReplicas: pods.length } : {}),
          ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
          observedGeneration: (object.metadata as Json).generation,
        };
      },
      "status",
    );
  }
}
