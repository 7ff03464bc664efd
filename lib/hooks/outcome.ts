/**
 * What Helm 4 does with a hook object around its run: whether it waits for completion, what remains after success
 * or failure, and what a leftover object means for the next run. Derived from pkg/action/hooks.go and the kstatus
 * readers Helm 4 uses for hooks.
 */
import type { HookRecord } from "./classify";
import type { HookAftermath, WaitStrategy } from "./types";
import { DEFAULT_DELETE_POLICY } from "./vocabulary";

/** Helm never deletes CRD hooks, whatever their policy, to avoid cascading deletion of every custom resource. */
export function neverDeleted(kind: string): boolean {
  return kind === "CustomResourceDefinition";
}

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** Jobs and Pods are the only hooks Helm waits to *complete*; anything else counts as done once it exists. */
export function waitsForCompletion(kind: string, apiVersion: string): boolean {
  const group = apiGroup(apiVersion);
  return (kind === "Job" && group === "batch") || (kind === "Pod" && group === "");
}

export function waitDetail(kind: string, apiVersion: string): string {
  if (waitsForCompletion(kind, apiVersion)) {
    return kind === "Job"
      ? "waits until the Job is Complete; a Failed condition or the --timeout fails the hook"
      : "waits until the Pod phase is Succeeded; phase Failed or the --timeout fails the hook";
  }
  return `not waited: a ${kind || "kind-less object"} counts as ready as soon as it exists`;
}

/** Delete policies in effect when the hook runs: Helm fills in before-hook-creation only when none is written. */
export function effectiveDeletePolicies(hook: HookRecord): string[] {
  return hook.deletePolicies.length === 0 ? [DEFAULT_DELETE_POLICY] : hook.deletePolicies;
}

function deletedBy(hook: HookRecord, policy: string): boolean {
  return !neverDeleted(hook.document.kind) && effectiveDeletePolicies(hook).includes(policy);
}

export function afterSuccess(hook: HookRecord): HookAftermath {
  return deletedBy(hook, "hook-succeeded") ? "deleted (hook-succeeded)" : "retained";
}

export function afterFailure(hook: HookRecord): HookAftermath {
  return deletedBy(hook, "hook-failed") ? "deleted (hook-failed)" : "retained";
}

export function beforeNextRun(hook: HookRecord, wait: WaitStrategy): string {
  if (neverDeleted(hook.document.kind)) return "never deleted by Helm (CustomResourceDefinition); applied over the existing one";
  if (deletedBy(hook, "before-hook-creation")) {
    // With hookOnly, Helm's wait-for-delete is a no-op, so the new object can meet the old one still terminating.
    return wait === "hookOnly"
      ? "a leftover object is deleted before the hook is created again (without waiting for the deletion to finish)"
      : "a leftover object is deleted, and its deletion awaited, before the hook is created again";
  }
  return "a leftover object is not deleted first: Helm 4 applies over it (Job specs are immutable, so that can fail)";
}

/** Log copying only happens for Jobs and Pods, for the policies that name an outcome. */
export function logsCopied(hook: HookRecord): Array<"hook-succeeded" | "hook-failed"> {
  if (hook.document.kind !== "Job" && hook.document.kind !== "Pod") return [];
  return (["hook-succeeded", "hook-failed"] as const).filter((policy) => hook.outputLogPolicies.includes(policy));
}
