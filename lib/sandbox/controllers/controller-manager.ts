/**
 * Starts the simulated control plane: the stage engine (Pod, PVC, CRD life cycles), the workload controllers
 * (Job, CronJob, Deployment, ReplicaSet, StatefulSet, DaemonSet) and the garbage collector, and routes store changes to them.
 */
import type { Cluster } from "../api/cluster";
import type { StoreEvent } from "../store/object-store";
import { CronJobController } from "./cronjob-controller";
import { DeploymentController } from "./deployment-controller";
import { DEPLOYMENT_STAGES } from "./deployment-stages";
import { GarbageCollector } from "./garbage-collector";
import { JobController } from "./job-controller";
import { JOB_STAGES } from "./job-stages";
import { ensureNamespaceDefaults } from "./namespace-defaults";
import { ReconcileQueue } from "./reconcile-queue";
import { SetControllers } from "./set-controllers";
import { StageEngine } from "./stage-engine";
import { buildStages } from "./stages";
import type { SandboxTiming } from "./timing";

type Json = Record<string, unknown>;

export class ControllerManager {
  private readonly queue = new ReconcileQueue();
  private readonly stages: StageEngine;
  private readonly jobs: JobController;
  private readonly deployments: DeploymentController;
  private readonly sets: SetControllers;
  private readonly cronJobs: CronJobController;
  private readonly gc: GarbageCollector;
  private unsubscribe: () => void = () => {};

  constructor(private readonly cluster: Cluster, timing: SandboxTiming) {
    this.stages = new StageEngine(cluster, [...buildStages(timing), ...JOB_STAGES, ...DEPLOYMENT_STAGES]);
    this.jobs = new JobController(cluster);
    this.deployments = new DeploymentController(cluster);
    this.sets = new SetControllers(cluster);
    this.cronJobs = new CronJobController(cluster);
    this.gc = new GarbageCollector(cluster, this.queue);
  }

  start(): void {
    this.unsubscribe = this.cluster.store.subscribe((event) => this.route(event));
    this.stages.start();
    this.gc.start();
    // Catch up with whatever a restored snapshot holds.
    for (const [typeKey, kind] of Object.entries(RECONCILED)) {
      for (const entry of this.cluster.store.list(typeKey)) {
        const meta = entry.object.metadata as Json;
        this.enqueue(kind, String(meta.namespace ?? ""), String(meta.name));
      }
    }
  }

  stop(): void {
    this.unsubscribe();
    this.stages.stop();
    this.gc.stop();
    this.cronJobs.stop();
    this.queue.stop();
  }

  private enqueue(kind: string, namespace: string, name: string): void {
    const run = {
      Job: () => this.jobs.reconcile(namespace, name),
      Deployment: () => this.deployments.reconcileDeployment(namespace, name),
      ReplicaSet: () => this.deployments.reconcileReplicaSet(namespace, name),
      StatefulSet: () => this.sets.reconcileStatefulSet(namespace, name),
      DaemonSet: () => this.sets.reconcileDaemonSet(namespace, name),
      CronJob: () => this.cronJobs.reconcile(namespace, name),
      Namespace: () => ensureNamespaceDefaults(this.cluster, name),
    }[kind];
    if (run) this.queue.enqueue(`${kind}|${namespace}/${name}`, run);
  }

  private route(event: StoreEvent): void {
    const kind = RECONCILED[event.typeKey];
    if (kind && event.type !== "DELETED") this.enqueue(kind, event.namespace, event.name);
    // Deleting a namespace's default ServiceAccount or root CA ConfigMap brings it back.
    if (event.type === "DELETED" && (event.typeKey === "/serviceaccounts" || event.typeKey === "/configmaps")) this.enqueue("Namespace", "", event.namespace);
    // A change to a controlled object (Pod, ReplicaSet) wakes its controller.
    const owners = (((event.object.metadata as Json).ownerReferences ?? []) as Json[]).filter((r) => r.controller === true);
    for (const owner of owners) this.enqueue(String(owner.kind), event.namespace, String(owner.name));
  }
}

const RECONCILED: Record<string, string> = {
  "batch/jobs": "Job",
  "apps/deployments": "Deployment",
  "apps/replicasets": "ReplicaSet",
  "apps/statefulsets": "StatefulSet",
  "apps/daemonsets": "DaemonSet",
  "batch/cronjobs": "CronJob",
  "/namespaces": "Namespace",
};
