/**
 * StatefulSets (ordinal Pods `<name>-0…`, PVCs from volumeClaimTemplates, revision hashes) and DaemonSets (one Pod
 * on the sandbox's single node). Pods from an outdated template are replaced; status counters are what helm's
 * readiness checks compare.
 */
import type { Cluster } from "../api/cluster";
import { CONTROLLER, coreType, createPodFromTemplate, ownedBy, podIsActive, podIsReady, templateHash } from "./owned-objects";

type Json = Record<string, unknown>;

const REVISION_LABEL = "controller-revision-hash";

function revisionLabel(pod: Json): unknown {
  return (((pod.metadata as Json).labels ?? {}) as Json)[REVISION_LABEL];
}

export class SetControllers {
  constructor(private readonly cluster: Cluster) {}

  reconcileStatefulSet(namespace: string, name: string): void {
    const stsType = coreType(this.cluster, "apps", "StatefulSet");
    const podType = coreType(this.cluster, "", "Pod");
    const pvcType = coreType(this.cluster, "", "PersistentVolumeClaim");
    const sts = this.cluster.find(stsType, namespace, name);
    if (!sts || (sts.metadata as Json).deletionTimestamp) return;
    const spec = (sts.spec ?? {}) as Json;
    const replicas = Number(spec.replicas ?? 1);
    const revision = `${name}-${templateHash(spec.template ?? {})}`;
    const pods = ownedBy(this.cluster, sts, podType);
    for (const pod of pods) {
      const podName = String((pod.metadata as Json).name);
      const ordinal = Number(podName.slice(name.length + 1));
      if (ordinal >= replicas || revisionLabel(pod) !== revision || !podIsActive(pod)) this.deleteQuietly(podType, namespace, podName);
    }
    for (let i = 0; i < replicas; i++) {
      const podName = `${name}-${i}`;
      for (const claim of (spec.volumeClaimTemplates ?? []) as Json[]) {
        const claimName = `${String((claim.metadata as Json | undefined)?.name ?? "data")}-${podName}`;
        if (this.cluster.find(pvcType, namespace, claimName)) continue;
        try {
          this.cluster.create(pvcType, namespace, { metadata: { name: claimName, labels: (((spec.selector ?? {}) as Json).matchLabels ?? {}) as Json }, spec: claim.spec ?? {} }, CONTROLLER);
        } catch {
          // Raced with another reconcile; the claim exists.
        }
      }
      if (this.cluster.find(podType, namespace, podName)) continue;
      createPodFromTemplate(this.cluster, stsType, sts, (spec.template ?? {}) as Json, {
        name: podName,
        extraLabels: { [REVISION_LABEL]: revision, "statefulset.kubernetes.io/pod-name": podName, "apps.kubernetes.io/pod-index": String(i) },
      });
    }
    const live = ownedBy(this.cluster, sts, podType).filter(podIsActive);
    const ready = live.filter(podIsReady).length;
    const updated = live.filter((p) => revisionLabel(p) === revision).length;
    this.cluster.update(
      stsType,
      namespace,
      name,
      (object) => {
        object.status = {
          observedGeneration: (object.metadata as Json).generation,
          replicas: live.length,
          readyReplicas: ready,
          currentReplicas: updated,
          updatedReplicas: updated,
          availableReplicas: ready,
          currentRevision: revision,
          updateRevision: revision,
          collisionCount: 0,
        };
      },
      "status",
    );
  }

  reconcileDaemonSet(namespace: string, name: string): void {
    const dsType = coreType(this.cluster, "apps", "DaemonSet");
    const podType = coreType(this.cluster, "", "Pod");
    const ds = this.cluster.find(dsType, namespace, name);
    if (!ds || (ds.metadata as Json).deletionTimestamp) return;
    const spec = (ds.spec ?? {}) as Json;
    const revision = templateHash(spec.template ?? {});
    const pods = ownedBy(this.cluster, ds, podType);
    for (const pod of pods) {
      if (revisionLabel(pod) !== revision || !podIsActive(pod)) this.deleteQuietly(podType, namespace, String((pod.metadata as Json).name));
    }
    if (!ownedBy(this.cluster, ds, podType).some(podIsActive)) {
      createPodFromTemplate(this.cluster, dsType, ds, (spec.template ?? {}) as Json, { extraLabels: { [REVISION_LABEL]: revision, "pod-template-generation": String((ds.metadata as Json).generation ?? 1) } });
    }
    const live = ownedBy(this.cluster, ds, podType).filter(podIsActive);
    const ready = live.filter(podIsReady).length;
    this.cluster.update(
      dsType,
      namespace,
      name,
      (object) => {
        object.status = {
          observedGeneration: (object.metadata as Json).generation,
          desiredNumberScheduled: 1,
          currentNumberScheduled: live.length,
          updatedNumberScheduled: live.filter((p) => revisionLabel(p) === revision).length,
          numberReady: ready,
          numberAvailable: ready,
          ...(1 - ready > 0 ? { numberUnavailable: 1 - ready } : {}),
          numberMisscheduled: 0,
        };
      },
      "status",
    );
  }

  private deleteQuietly(podType: ReturnType<typeof coreType>, namespace: string, name: string): void {
    try {
      this.cluster.delete(podType, namespace, name, {}, CONTROLLER);
    } catch {
      // Already gone.
    }
  }
}

