/**
 * Hooks whose pods need an object that does not exist yet when they run: a pre-install Job mounting a ConfigMap
 * or using a ServiceAccount that is a regular resource of the release (created only after pre-install hooks), a
 * post-delete Job using one (already deleted), or a hook that needs another hook of the same event which Helm
 * creates after it — typically because Helm orders equal weights by name, not by kind. The pod then hangs or fails
 * until --timeout.
 */
import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { HookRecord } from "../classify";
import { pairAt, pairOf, type ParsedDocument } from "../document";
import { compareKindsForInstall } from "../kind-order";
import { executionOrder } from "../order";
import { afterSuccess } from "../outcome";
import type { HookEvent } from "../types";
import type { LintContext, LintRule } from "./context";

interface Reference {
  kind: string;
  name: string;
  node: Node;
}

function scalar(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" && node.value !== "" ? node.value : undefined;
}

function isOptional(map: unknown): boolean {
  const value = pairOf(map, "optional")?.value;
  return isScalar(value) && value.value === true;
}

function items(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

/** Push a reference to `kind` named by `map[key]`, unless the reference is optional. */
function refer(out: Reference[], kind: string, map: unknown, key: string): void {
  const pair = pairOf(map, key);
  const name = scalar(pair?.value);
  if (name && !isOptional(map)) out.push({ kind, name, node: pair!.value as Node });
}

/** Objects a pod spec needs before its containers can start. */
function podReferences(podSpec: unknown): Reference[] {
  const out: Reference[] = [];
  if (!isMap(podSpec)) return out;
  refer(out, "ServiceAccount", podSpec, "serviceAccountName");
  for (const secret of items(pairOf(podSpec, "imagePullSecrets")?.value)) refer(out, "Secret", secret, "name");
  for (const volume of items(pairOf(podSpec, "volumes")?.value)) {
    refer(out, "ConfigMap", pairOf(volume, "configMap")?.value, "name");
    refer(out, "Secret", pairOf(volume, "secret")?.value, "secretName");
    refer(out, "PersistentVolumeClaim", pairOf(volume, "persistentVolumeClaim")?.value, "claimName");
    for (const source of items(pairOf(pairOf(volume, "projected")?.value, "sources")?.value)) {
      refer(out, "ConfigMap", pairOf(source, "configMap")?.value, "name");
      refer(out, "Secret", pairOf(source, "secret")?.value, "name");
    }
  }
  for (const list of ["initContainers", "containers"]) {
    for (const container of items(pairOf(podSpec, list)?.value)) {
      for (const env of items(pairOf(container, "env")?.value)) {
        const from = pairOf(env, "valueFrom")?.value;
        refer(out, "ConfigMap", pairOf(from, "configMapKeyRef")?.value, "name");
        refer(out, "Secret", pairOf(from, "secretKeyRef")?.value, "name");
      }
      for (const source of items(pairOf(container, "envFrom")?.value)) {
        refer(out, "ConfigMap", pairOf(source, "configMapRef")?.value, "name");
        refer(out, "Secret", pairOf(source, "secretRef")?.value, "name");
      }
    }
  }
  return out;
}

function podSpecOf(document: ParsedDocument): unknown {
  if (document.kind === "Job") return pairAt(document.tree, ["spec", "template", "spec"])?.value;
  if (document.kind === "Pod") return pairAt(document.tree, ["spec"])?.value;
  return undefined;
}

/** Events in which the release's regular resources do not exist while hooks run. */
const RESOURCES_ABSENT: Partial<Record<HookEvent, string>> = {
  "pre-install": "regular resources are created only after the pre-install hooks",
  "post-delete": "regular resources are already deleted when post-delete hooks run",
};

/** The phase before a post-event within the same operation. */
const PRECEDING_PHASE: Partial<Record<HookEvent, HookEvent>> = {
  "post-install": "pre-install",
  "post-upgrade": "pre-upgrade",
  "post-rollback": "pre-rollback",
  "post-delete": "pre-delete",
};

export const dependencyRules: LintRule = (context: LintContext) => {
  const namespaceOf = (document: ParsedDocument) => document.namespace || context.namespace;
  const key = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`;
  const resources = new Set(
    context.classified.flatMap((entry) => (entry.type === "resource" ? [key(entry.document.kind, namespaceOf(entry.document), entry.document.name)] : [])),
  );
  const events = [...new Set(context.hooks.flatMap((hook) => hook.events))];
  for (const event of events) {
    const order = executionOrder(context.hooks, event);
    const firstPosition = new Map<HookRecord, number>();
    order.forEach((hook, position) => firstPosition.has(hook) || firstPosition.set(hook, position));
    for (const [hook, position] of firstPosition) {
      const namespace = namespaceOf(hook.document);
      for (const reference of podReferences(podSpecOf(hook.document))) {
        const target = key(reference.kind, namespace, reference.name);
        const provider = order.find((other) => key(other.document.kind, namespaceOf(other.document), other.document.name) === target);
        if (provider) {
          const providerPosition = firstPosition.get(provider)!;
          if (providerPosition < position) continue;
          const kindFirst = provider.weight === hook.weight && compareKindsForInstall(provider.document.kind, hook.document.kind) < 0;
          context.report(
            hook.document,
            reference.node,
            "error",
            "hook-needs-later-object",
            `This ${event} hook needs ${reference.kind}/${reference.name}, a hook that Helm creates after it (position ${providerPosition + 1}, this hook ${position + 1})${
              kindFirst ? ": equal weights run by name, not by kind as the docs say" : ""
            }. Give the ${reference.kind} a lower helm.sh/hook-weight.`,
          );
          continue;
        }
        const earlier = PRECEDING_PHASE[event];
        const removedEarlier = context.hooks.find(
          (other) =>
            earlier !== undefined &&
            other.events.includes(earlier) &&
            key(other.document.kind, namespaceOf(other.document), other.document.name) === target &&
            afterSuccess(other) === "deleted (hook-succeeded)",
        );
        if (removedEarlier && !resources.has(target)) {
          context.report(
            hook.document,
            reference.node,
            "error",
            "hook-needs-deleted-object",
            `This ${event} hook needs ${reference.kind}/${reference.name}, a ${earlier} hook that Helm deletes (hook-succeeded) as soon as the ${earlier} hooks succeed, so it is gone when ${event} runs. Add ${event} to its helm.sh/hook events.`,
          );
          continue;
        }
        const absent = RESOURCES_ABSENT[event];
        if (absent && resources.has(target)) {
          context.report(
            hook.document,
            reference.node,
            "error",
            "hook-needs-missing-object",
            `This ${event} hook needs ${reference.kind}/${reference.name}, a regular resource of the release, but ${absent}; the pod cannot start and Helm waits until --timeout. Make the ${reference.kind} a hook of the same event with a lower weight.`,
          );
        }
      }
    }
  }
};
