/**
 * Lint of how hooks behave when they run: kinds Helm does not wait for, Jobs and Pods that cannot finish the way
 * Helm expects (restart policy, no retry limit), delete policies and TTLs that remove the evidence of a failure
 * before anyone can read it, and `generateName` hooks that break the default delete policy.
 */
import { isScalar, type Node } from "yaml";
import type { HookRecord } from "../classify";
import { pairAt } from "../document";
import { effectiveDeletePolicies, neverDeleted, waitsForCompletion } from "../outcome";
import { DELETE_POLICY_ANNOTATION, HOOK_ANNOTATION, OUTPUT_LOG_POLICY_ANNOTATION } from "../vocabulary";
import type { LintContext, LintRule } from "./context";

/** Kinds whose readiness people expect a hook to wait for, and which Helm does not wait for. */
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "CronJob"]);
/** Kinds that are complete the moment they exist, so not waiting for them is right. */
const STATIC_KINDS = new Set([
  "ConfigMap",
  "Secret",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ClusterRole",
  "ClusterRoleBinding",
  "Namespace",
  "PriorityClass",
  "LimitRange",
  "ResourceQuota",
  "NetworkPolicy",
  "PodDisruptionBudget",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "StorageClass",
  "IngressClass",
]);

function node(hook: HookRecord, path: string[]): Node | undefined {
  const pair = pairAt(hook.document.tree, path);
  return (pair?.value ?? undefined) as Node | undefined;
}

function keyOf(hook: HookRecord, path: string[]): Node | undefined {
  return pairAt(hook.document.tree, path)?.key;
}

function scalarText(value: Node | undefined): string | undefined {
  return value && isScalar(value) && value.value !== null ? String(value.value) : undefined;
}

function lintWaiting(context: LintContext, hook: HookRecord): void {
  const { kind, apiVersion } = hook.document;
  if (waitsForCompletion(kind, apiVersion) || STATIC_KINDS.has(kind)) return;
  const at = keyOf(hook, ["kind"]);
  if (WORKLOADS.has(kind)) {
    context.report(
      hook.document,
      at,
      "warning",
      "hook-not-waited",
      `Helm does not wait for a ${kind} hook to become ready or finish: it moves on as soon as the object exists. Use a Job (waited until Complete) or a Pod (waited until Succeeded) for work that must finish first.`,
    );
  } else {
    context.report(
      hook.document,
      at,
      "info",
      "hook-not-waited",
      `Helm does not wait for this ${kind || "object"} hook beyond its creation (only Jobs and Pods are waited to completion).`,
    );
  }
}

function lintPodSpec(context: LintContext, hook: HookRecord): void {
  const { kind } = hook.document;
  if (kind === "Job") {
    const restart = scalarText(node(hook, ["spec", "template", "spec", "restartPolicy"]));
    if (restart !== "Never" && restart !== "OnFailure") {
      context.report(
        hook.document,
        node(hook, ["spec", "template", "spec", "restartPolicy"]) ?? keyOf(hook, ["spec", "template"]) ?? keyOf(hook, ["kind"]),
        "error",
        "job-restart-policy",
        restart === undefined
          ? "The Job's pod template has no restartPolicy; it defaults to Always, which the API rejects for Jobs. Set restartPolicy: Never (or OnFailure)."
          : `The Job's restartPolicy is "${restart}"; Jobs accept only Never or OnFailure.`,
      );
    }
    if (node(hook, ["spec", "backoffLimit"]) === undefined) {
      context.report(
        hook.document,
        keyOf(hook, ["spec"]) ?? keyOf(hook, ["kind"]),
        "warning",
        "job-backoff-limit",
        "The hook Job has no backoffLimit, so Kubernetes retries it up to 6 times (with growing back-off) while Helm waits; set spec.backoffLimit to the retries the task can safely take.",
      );
    }
  } else if (kind === "Pod") {
    const restart = scalarText(node(hook, ["spec", "restartPolicy"]));
    if (restart !== "Never" && restart !== "OnFailure") {
      context.report(
        hook.document,
        node(hook, ["spec", "restartPolicy"]) ?? keyOf(hook, ["spec"]) ?? keyOf(hook, ["kind"]),
        "error",
        "pod-restart-policy",
        `The hook Pod's restartPolicy is ${restart ?? "not set (Always)"}: its containers restart forever, the Pod never reaches Succeeded, and Helm waits until --timeout. Set restartPolicy: Never.`,
      );
    }
  }
}

function lintEvidence(context: LintContext, hook: HookRecord): void {
  const { kind } = hook.document;
  if (neverDeleted(kind)) {
    context.report(hook.document, keyOf(hook, ["kind"]), "info", "crd-hook", "Helm never deletes CustomResourceDefinition hooks, whatever their delete policy.");
    return;
  }
  if (kind !== "Job" && kind !== "Pod") {
    if (hook.outputLogPolicies.length > 0) {
      context.report(
        hook.document,
        pairAt(hook.document.tree, ["metadata", "annotations", OUTPUT_LOG_POLICY_ANNOTATION])?.key,
        "info",
        "output-log-policy-no-effect",
        `Helm copies logs only for Job and Pod hooks; on a ${kind} the output log policy does nothing.`,
      );
    }
    return;
  }
  const policies = effectiveDeletePolicies(hook);
  const logsOnFailure = hook.outputLogPolicies.includes("hook-failed");
  if (policies.includes("hook-failed") && !logsOnFailure) {
    context.report(
      hook.document,
      pairAt(hook.document.tree, ["metadata", "annotations", DELETE_POLICY_ANNOTATION])?.value,
      "warning",
      "failure-evidence-deleted",
      `hook-failed deletes this ${kind} as soon as it fails, taking its pods and logs with it, and nothing copies the logs first. Add ${OUTPUT_LOG_POLICY_ANNOTATION}: hook-failed, or drop hook-failed and rely on before-hook-creation to clean up on the next run.`,
    );
  }
  const ttlPath = kind === "Job" ? ["spec", "ttlSecondsAfterFinished"] : undefined;
  const ttl = ttlPath ? scalarText(node(hook, ttlPath)) : undefined;
  if (ttlPath && ttl !== undefined && !logsOnFailure) {
    context.report(
      hook.document,
      node(hook, ttlPath),
      "warning",
      "failure-evidence-deleted",
      `ttlSecondsAfterFinished: ${ttl} lets Kubernetes delete this Job ${ttl === "0" ? "right after" : `${ttl}s after`} it finishes, failed or not, so a failure's pods and logs disappear. Prefer delete policies, or add ${OUTPUT_LOG_POLICY_ANNOTATION}: hook-failed.`,
    );
  }
}

function lintGeneratedName(context: LintContext, hook: HookRecord): void {
  const { document } = hook;
  if (document.name !== "" || !effectiveDeletePolicies(hook).includes("before-hook-creation")) return;
  context.report(
    document,
    keyOf(hook, ["metadata", "generateName"]) ?? pairAt(document.tree, ["metadata", "annotations", HOOK_ANNOTATION])?.key,
    "warning",
    "hook-without-name",
    `This hook has no metadata.name${document.generateName ? " (only generateName)" : ""}, but its delete policy includes before-hook-creation${hook.deletePolicies.length === 0 ? " (Helm's default)" : ""}, which deletes by name and fails on an empty one. Give it a name, or set ${DELETE_POLICY_ANNOTATION} explicitly without before-hook-creation.`,
  );
}

export const hookRuntimeRules: LintRule = (context) => {
  for (const hook of context.hooks) {
    lintWaiting(context, hook);
    lintPodSpec(context, hook);
    lintEvidence(context, hook);
    lintGeneratedName(context, hook);
  }
};
