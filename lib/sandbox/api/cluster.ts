/**
 * The API semantics on top of the store: create, replace, patch (four types), delete with finalizers and
 * propagation policies, and list/get with selectors. Every write goes through `commit`, which validates, keeps
 * server-owned metadata, isolates status, defaults, bumps generation, tracks field managers and writes the audit
 * log. HTTP handlers and simulated controllers both call this class; neither touches the store directly.
 */
import jsonPatch, { type Operation } from "fast-json-patch";
import YAML from "yaml";
import { AuditLog, type AuditVerb, CONTROLLER_ACTOR } from "../audit/audit-log";
import { applyMergePatch } from "../patch/merge-patch";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch";
import { type ManagedFieldsEntry, fromManagedFields, toManagedFields } from "../patch/managed-fields";
import { ApplyConflictError, applyConfiguration, recordUpdate } from "../patch/server-side-apply";
import { clone, deepEqual, isPlainObject } from "../patch/list-keys";
import { ObjectStore } from "../store/object-store";
import { applyDefaults } from "./defaults";
import { immutableFieldViolations } from "./immutability";
import {
  ApiError,
  STALE_OBJECT,
  alreadyExists,
  applyConflict,
  badRequest,
  conflict,
  invalid,
  namespaceNotFound,
  namespaceTerminating,
  notFound,
  unsupportedMediaType,
} from "./errors";
import { generateName, metadataOf, newUid, timestamp, validateName } from "./object-meta";
import { TypeRegistry } from "./registry";
import { BUILTIN_TYPES, type ResourceType, apiVersionOf, typeKey } from "./resource-types";
import { parseFieldSelector, parseLabelSelector } from "./selectors";
import { ClusterIpAllocator } from "./cluster-ip";

type Json = Record<string, unknown>;

export interface WriteContext {
  /** Who is writing: field manager, else user agent; `sandbox-controller` for the simulated controllers. */
  actor: string;
  fieldManager?: string;
  dryRun?: boolean;
  force?: boolean;
  /** The user a client acts as through Kubernetes impersonation headers; recorded in the audit log. */
  impersonatedUser?: { username: string; groups: string[] };
}

export interface DeleteOptions {
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  /** Page size; 0 or absent returns everything. */
  limit?: number;
  /** Token from a previous page's `metadata.continue`. */
  continueToken?: string | null;
}

export interface ListResult {
  items: Json[];
  resourceVersion: string;
  /** Set when more items follow. */
  continueToken?: string;
  remainingItemCount?: number;
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
  "application/apply-patch+cbor": "apply",
};

const BUILTIN_KEYS = new Set(BUILTIN_TYPES.map(typeKey));

/** Types whose `status` is only written through the status sub-resource. */
function hasStatusSubresource(type: ResourceType): boolean {
  return type.subresources.includes("status");
}

export class Cluster {
  readonly store: ObjectStore;
  readonly registry = new TypeRegistry();
  readonly audit = new AuditLog();
  private readonly clusterIps = new ClusterIpAllocator();
  /** Notified after an object gets a deletionTimestamp, so the garbage collector can finish the deletion. */
  onDeletionStarted: (type: ResourceType, object: Json) => void = () => {};
  /** Create-time hooks (after defaults' identity is set): scenario stamping uses this. */
  readonly creationHooks: Array<(type: ResourceType, object: Json) => void> = [];

  constructor(historyLimit?: number) {
    this.store = new ObjectStore(historyLimit);
  }

  isBuiltin(type: ResourceType): boolean {
    return BUILTIN_KEYS.has(typeKey(type));
  }

  /** Re-derives the in-memory indexes (CRD types, allocated IPs) after loading a snapshot. */
  rebuildIndexes(): void {
    this.registry.clearCustom();
    const crds = this.registry.byGroupKind("apiextensions.k8s.io", "CustomResourceDefinition")!;
    for (const entry of this.store.list(typeKey(crds))) {
      this.registry.syncCustomResourceDefinition(String((entry.object.metadata as Json).name), entry.object);
    }
    const services = this.registry.byGroupKind("", "Service")!;
    for (const entry of this.store.list(typeKey(services))) this.clusterIps.reserve(String(((entry.object.spec ?? {}) as Json).clusterIP ?? ""));
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  /** Presents a stored object under the version it was requested with (custom resources share one storage). */
  present(type: ResourceType, object: Json): Json {
    const apiVersion = apiVersionOf(type);
    return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
  }

  find(type: ResourceType, namespace: string, name: string): Json | undefined {
    const entry = this.store.get(typeKey(type), type.namespaced ? namespace : "", name);
    return entry ? this.present(type, entry.object) : undefined;
  }

  get(type: ResourceType, namespace: string, name: string): Json {
    const object = this.find(type, namespace, name);
    if (!object) throw notFound(type, name);
    return object;
  }

  /**
   * Lists in namespace/name order. Pages continue after the last key served; unlike etcd they show the current
   * state rather than a snapshot, which no client here can tell apart.
   */
  list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): ListResult {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector);
    const resourceVersion = String(this.store.currentResourceVersion);
    const after = options.continueToken ? decodeContinue(options.continueToken) : undefined;
    const matching = this.store
      .list(typeKey(type), type.namespaced ? namespace : undefined)
      .map((e) => e.object)
      .filter((o) => labels(o) && fields(o) && (after === undefined || listKey(o) > after))
      .sort(compareByNamespaceAndName);
    const limit = options.limit && options.limit > 0 ? options.limit : matching.length;
    const page = matching.slice(0, limit).map((o) => this.present(type, o));
    if (matching.length <= limit) return { items: page, resourceVersion };
    const continueToken = Buffer.from(JSON.stringify({ rv: resourceVersion, start: listKey(matching[limit - 1]) })).toString("base64url");
    return { items: page, resourceVersion, continueToken, remainingItemCount: matching.length - limit };
  }

  // ---- writes ------------------------------------------------------------------------------------------------

  create(type: ResourceType, namespace: string, body: Json, ctx: WriteContext): Json {
    return this.audited("create", type, namespace, nameIn(body), ctx, undefined, () => {
      const object = this.prepareNew(type, namespace, body);
      const name = String(metadataOf(object).name);
      if (this.find(type, namespace, name)) throw alreadyExists(type, name);
      return this.commit(type, undefined, object, ctx, { managerUpdate: true });
    });
  }

  replace(type: ResourceType, namespace: string, name: string, body: Json, ctx: WriteContext, subresource?: string): Json {
    let createdByPut = false;
    return this.audited("update", type, namespace, name, ctx, subresource, () => {
      if (!isPlainObject(body)) throw badRequest("the request body must be an object");
      const bodyMeta = metadataOf(body);
      if (bodyMeta.name !== undefined && bodyMeta.name !== name) {
        throw new ApiError(400, "BadRequest", `the name of the object (${String(bodyMeta.name)}) does not match the name on the URL (${name})`);
      }
      const live = this.find(type, namespace, name);
      if (!live) {
        if (subresource) throw notFound(type, name);
        // PUT to a missing object creates it, as the real server does for most kinds.
        createdByPut = true;
        return this.commit(type, undefined, this.prepareNew(type, namespace, { ...body, metadata: { ...bodyMeta, name } }), ctx, { managerUpdate: true });
      }
      const liveRv = String(metadataOf(live).resourceVersion);
      if (bodyMeta.resourceVersion !== undefined && bodyMeta.resourceVersion !== "" && bodyMeta.resourceVersion !== liveRv) {
        throw conflict(type, name, STALE_OBJECT);
      }
      return this.commit(type, live, clone(body), ctx, { subresource, managerUpdate: true });
    }, () => (createdByPut ? 201 : 200));
  }

  patch(
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    rawBody: string,
    ctx: WriteContext,
    subresource?: string,
  ): { object: Json; created: boolean } {
    let created = false;
    const object = this.audited(patchType === "apply" ? "apply" : "patch", type, namespace, name, ctx, subresource, () => {
      const live = this.find(type, namespace, name);
      if (patchType === "apply") {
        const applied = parseApplyBody(rawBody);
        const appliedMeta = metadataOf(applied);
        if (appliedMeta.name !== undefined && appliedMeta.name !== name) throw badRequest(`the name of the object (${String(appliedMeta.name)}) does not match the name on the URL (${name})`);
        appliedMeta.name = name;
        if (type.namespaced) appliedMeta.namespace = namespace;
        if (hasStatusSubresource(type) && subresource !== "status") delete applied.status;
        const manager = ctx.fieldManager;
        if (!manager) throw badRequest("PATCH, application/apply-patch+yaml: fieldManager is required for apply requests");
        const managers = live ? (this.store.get(typeKey(type), type.namespaced ? namespace : "", name)?.managers ?? []) : [];
        let result;
        try {
          result = applyConfiguration({ live, applied, managers, manager, force: ctx.force === true, builtin: this.isBuiltin(type) });
        } catch (error) {
          if (error instanceof ApplyConflictError) throw applyConflict(type, name, error.causes);
          throw error;
        }
        if (!live) {
          created = true;
          const fresh = this.prepareNew(type, namespace, result.object);
          return this.commit(type, undefined, fresh, ctx, { managers: result.managers });
        }
        return this.commit(type, live, result.object, ctx, { subresource, managers: result.managers });
      }
      if (!live) throw notFound(type, name);
      const body = parsePatchBody(rawBody);
      let patched: Json;
      if (patchType === "json") {
        if (!Array.isArray(body)) throw badRequest("json patch must be an array of operations");
        try {
          patched = jsonPatch.applyPatch(clone(live), body as Operation[], true, true).newDocument as Json;
        } catch (error) {
          throw new ApiError(422, "Invalid", `the server rejected our request due to an error in our request: ${(error as Error).message}`);
        }
      } else if (patchType === "merge") {
        patched = applyMergePatch(live, body) as Json;
      } else {
        if (!this.isBuiltin(type)) throw unsupportedMediaType("application/strategic-merge-patch+json is not supported for custom resources");
        if (!isPlainObject(body)) throw badRequest("strategic merge patch must be an object");
        patched = applyStrategicMergePatch(live, body);
      }
      const patchedRv = metadataOf(patched).resourceVersion;
      if (patchedRv !== undefined && patchedRv !== metadataOf(live).resourceVersion) throw conflict(type, name, STALE_OBJECT);
      return this.commit(type, live, patched, ctx, { subresource, managerUpdate: true });
    }, () => (created ? 201 : 200));
    return { object, created };
  }

  delete(type: ResourceType, namespace: string, name: string, options: DeleteOptions, ctx: WriteContext): Json {
    return this.audited("delete", type, namespace, name, ctx, undefined, () => {
      const live = this.find(type, namespace, name);
      if (!live) throw notFound(type, name);
      const meta = metadataOf(live);
      const pre = options.preconditions ?? {};
      if (pre.uid && pre.uid !== meta.uid) {
        throw conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(meta.uid)}`);
      }
      if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
        throw conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(meta.resourceVersion)}`);
      }
      if (options.dryRun || ctx.dryRun) return live;
      const policy = options.propagationPolicy ?? "Background";
      const finalizers = [...((meta.finalizers ?? []) as string[])];
      const hasDependents = this.store.dependentsOf(String(meta.uid)).length > 0;
      if (policy === "Foreground" && hasDependents && !finalizers.includes("foregroundDeletion")) finalizers.push("foregroundDeletion");
      if (policy === "Orphan" && hasDependents && !finalizers.includes("orphan")) finalizers.push("orphan");
      const isNamespace = type.group === "" && type.kind === "Namespace";
      if (finalizers.length === 0 && !isNamespace) {
        return this.present(type, this.store.remove(typeKey(type), type.namespaced ? namespace : "", name)!);
      }
      if (meta.deletionTimestamp && deepEqual(finalizers, meta.finalizers ?? [])) return live;
      const terminating = clone(live);
      const terminatingMeta = metadataOf(terminating);
      terminatingMeta.deletionTimestamp ??= timestamp();
      terminatingMeta.deletionGracePeriodSeconds ??= 0;
      if (finalizers.length > 0) terminatingMeta.finalizers = finalizers;
      if (isNamespace) terminating.status = { ...((terminating.status ?? {}) as Json), phase: "Terminating" };
      const stored = this.store.put(typeKey(type), terminating, this.managersOf(type, live), "MODIFIED");
      this.onDeletionStarted(type, stored);
      return this.present(type, stored);
    });
  }

  deleteCollection(type: ResourceType, namespace: string | undefined, list: ListOptions, options: DeleteOptions, ctx: WriteContext): Json[] {
    const { items } = this.list(type, namespace, list);
    const deleted: Json[] = [];
    for (const item of items) {
      const meta = metadataOf(item);
      try {
        deleted.push(this.delete(type, String(meta.namespace ?? ""), String(meta.name), options, ctx));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    return deleted;
  }

  /**
   * The controllers' write path: re-reads the object, lets `mutate` change a copy, and stores it only when
   * something changed, so reconciling never produces empty events. Returns the stored object.
   */
  update(type: ResourceType, namespace: string, name: string, mutate: (object: Json) => void, subresource?: "status"): Json | undefined {
    const live = this.find(type, namespace, name);
    if (!live) return undefined;
    const next = clone(live);
    mutate(next);
    if (deepEqual(next, live)) return live;
    try {
      return this.replace(type, namespace, name, next, { actor: CONTROLLER_ACTOR, fieldManager: CONTROLLER_ACTOR }, subresource);
    } catch (error) {
      if (error instanceof ApiError && (error.code === 404 || error.code === 409)) return undefined;
      throw error;
    }
  }

  /** Removes an object whose finalizers are done, bypassing the delete path (used by the garbage collector). */
  finalize(type: ResourceType, namespace: string, name: string): void {
    this.store.remove(typeKey(type), type.namespaced ? namespace : "", name);
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private managersOf(type: ResourceType, object: Json) {
    const meta = metadataOf(object);
    return this.store.get(typeKey(type), type.namespaced ? String(meta.namespace ?? "") : "", String(meta.name))?.managers ?? [];
  }

  private audited(
    verb: AuditVerb,
    type: ResourceType,
    namespace: string,
    name: string,
    ctx: WriteContext,
    subresource: string | undefined,
    run: () => Json,
    successCode: () => number = () => (verb === "create" ? 201 : 200),
  ): Json {
    const base = {
      verb,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      resource: type.plural,
      ...(subresource ? { subresource } : {}),
      namespace: type.namespaced ? namespace : "",
      actor: ctx.actor,
      ...(ctx.impersonatedUser ? { impersonatedUser: ctx.impersonatedUser } : {}),
    };
    try {
      const object = run();
      const meta = metadataOf(object);
      if (!ctx.dryRun) {
        this.audit.record({ ...base, name: String(meta.name ?? name), resourceVersion: String(meta.resourceVersion ?? ""), code: successCode() });
      }
      return object;
    } catch (error) {
      if (error instanceof ApiError && !ctx.dryRun) this.audit.record({ ...base, name, code: error.code });
      throw error;
    }
  }

  /** Fills identity for an object about to be created and checks its name and namespace. */
  private prepareNew(type: ResourceType, namespace: string, body: Json): Json {
    if (!isPlainObject(body)) throw badRequest("the request body must be an object");
    const object = clone(body);
    const meta = metadataOf(object);
    if ((meta.name === undefined || meta.name === "") && typeof meta.generateName === "string" && meta.generateName !== "") {
      meta.name = generateName(meta.generateName);
    }
    const name = String(meta.name ?? "");
    if (type.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== "" && meta.namespace !== namespace) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.namespace = namespace;
      const nsType = this.registry.byGroupKind("", "Namespace")!;
      const ns = this.find(nsType, "", namespace);
      if (!ns) throw namespaceNotFound(namespace);
      if (metadataOf(ns).deletionTimestamp) throw namespaceTerminating(namespace, type, name);
    } else delete meta.namespace;
    const causes = validateName(name, type.kind);
    if (causes.length > 0) throw invalid(type, name, causes);
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    return object;
  }

  private commit(
    type: ResourceType,
    live: Json | undefined,
    proposed: Json,
    ctx: WriteContext,
    how: { subresource?: string; managers?: ReturnType<Cluster["managersOf"]>; managerUpdate?: boolean },
  ): Json {
    const statusWrite = how.subresource === "status";
    // The status sub-resource changes status only; the main resource never changes status.
    let next = proposed;
    if (live && statusWrite) {
      next = { ...clone(live), status: proposed.status };
      if (proposed.status === undefined) delete next.status;
    } else if (live && hasStatusSubresource(type)) {
      if (live.status === undefined) delete next.status;
      else next.status = clone(live.status);
    }
    const meta = metadataOf(next);
    next.apiVersion = apiVersionOf(type);
    next.kind = type.kind;
    if (live) {
      const liveMeta = metadataOf(live);
      for (const key of ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"]) {
        if (liveMeta[key] === undefined) delete meta[key];
        else meta[key] = liveMeta[key];
      }
    } else {
      meta.uid = newUid();
      meta.creationTimestamp = timestamp();
      meta.generation = 1;
      delete meta.deletionTimestamp;
      delete meta.resourceVersion;
      if (hasStatusSubresource(type)) delete next.status;
      this.admit(type, next);
      for (const hook of this.creationHooks) hook(type, next);
    }
    // A client that rewrites managedFields (helm and kubectl do, handing fields from client-side to server-side
    // apply) replaces the ownership records; `[{}]` clears them. Echoing them back unchanged is no rewrite.
    const requestedManagers = meta.managedFields;
    const rewritten = live && Array.isArray(requestedManagers) && !deepEqual(requestedManagers, metadataOf(live).managedFields ?? []);
    const baseManagers = rewritten ? fromManagedFields(requestedManagers as ManagedFieldsEntry[]) : live ? this.managersOf(type, live) : [];
    delete meta.managedFields;
    delete meta.selfLink;
    applyDefaults(`${type.group}/${type.kind}`, next);
    if (type.group === "" && type.kind === "Service") this.keepClusterIp(live, next);
    if (live && !deepEqual(withoutMetaAndStatus(live), withoutMetaAndStatus(next))) {
      const causes = immutableFieldViolations(`${type.group}/${type.kind}`, live, next);
      if (causes.length > 0) throw invalid(type, String(meta.name), causes);
      meta.generation = Number(metadataOf(live).generation ?? 1) + 1;
    }
    const managers =
      how.managers ??
      (how.managerUpdate
        ? recordUpdate({
            before: live,
            after: next,
            managers: baseManagers,
            manager: ctx.fieldManager ?? ctx.actor,
            subresource: how.subresource,
            builtin: this.isBuiltin(type),
          })
        : baseManagers);
    if (managers.length > 0) meta.managedFields = toManagedFields(managers);
    if (live) {
      const comparable = { ...next, metadata: { ...meta, resourceVersion: metadataOf(live).resourceVersion } };
      if (deepEqual(comparable, live)) {
        if (!ctx.dryRun) this.store.setManagers(typeKey(type), type.namespaced ? String(meta.namespace) : "", String(meta.name), managers);
        return live;
      }
    }
    if (ctx.dryRun) return { ...next, metadata: { ...meta, resourceVersion: live ? metadataOf(live).resourceVersion : "0" } };
    if (live && meta.deletionTimestamp && ((meta.finalizers ?? []) as string[]).length === 0 && !(type.group === "" && type.kind === "Namespace")) {
      return this.present(type, this.store.remove(typeKey(type), type.namespaced ? String(meta.namespace) : "", String(meta.name))!);
    }
    if (((meta.finalizers ?? []) as string[]).length === 0) delete meta.finalizers;
    const stored = this.store.put(typeKey(type), next, managers, live ? "MODIFIED" : "ADDED");
    if (type.group === "apiextensions.k8s.io" && type.kind === "CustomResourceDefinition") {
      this.registry.syncCustomResourceDefinition(String(meta.name), stored);
    }
    return this.present(type, stored);
  }

  /** Create-time additions the real admission chain and registries make. */
  private admit(type: ResourceType, object: Json): void {
    const meta = metadataOf(object);
    if (type.group === "batch" && type.kind === "Job") {
      const spec = (object.spec ??= {}) as Json;
      const template = (spec.template ??= {}) as Json;
      const templateMeta = (template.metadata ??= {}) as Json;
      if (!spec.manualSelector) {
        const uid = String(meta.uid);
        const labels = { "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": String(meta.name), "controller-uid": uid, "job-name": String(meta.name) };
        templateMeta.labels = { ...((templateMeta.labels ?? {}) as Json), ...labels };
        spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
      }
    }
    if (type.group === "" && type.kind === "Namespace") object.status = { phase: "Active" };
  }

  private keepClusterIp(live: Json | undefined, next: Json): void {
    const spec = (next.spec ??= {}) as Json;
    const liveIp = live ? (((live.spec ?? {}) as Json).clusterIP as string | undefined) : undefined;
    if (liveIp) spec.clusterIP = liveIp;
    else if (spec.clusterIP === undefined || spec.clusterIP === "") spec.clusterIP = this.clusterIps.allocate();
    else if (spec.clusterIP !== "None") this.clusterIps.reserve(String(spec.clusterIP));
    spec.clusterIPs = [spec.clusterIP];
  }

  releaseClusterIp(ip: string): void {
    this.clusterIps.release(ip);
  }
}

function nameIn(body: unknown): string {
  if (!isPlainObject(body)) return "";
  const meta = (body.metadata ?? {}) as Json;
  return String(meta.name ?? meta.generateName ?? "");
}

function withoutMetaAndStatus(object: Json): Json {
  const { metadata: _m, status: _s, ...rest } = object;
  return rest;
}

function listKey(object: Json): string {
  const meta = object.metadata as Json;
  return `${String(meta.namespace ?? "")}/${String(meta.name)}`;
}

function compareByNamespaceAndName(a: Json, b: Json): number {
  const ak = listKey(a);
  const bk = listKey(b);
  return ak < bk ? -1 : ak > bk ? 1 : 0;
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { start?: unknown };
    if (typeof parsed.start === "string") return parsed.start;
  } catch {
    // Fall through to the error below.
  }
  throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
}

function parsePatchBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}

/** Apply bodies are YAML (JSON is valid YAML); helm sends JSON. */
function parseApplyBody(raw: string): Json {
  let parsed: unknown;
  try {
    parsed = raw.trimStart().startsWith("{") ? JSON.parse(raw) : YAML.parse(raw);
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw badRequest("apply configuration must be an object");
  return parsed;
}
