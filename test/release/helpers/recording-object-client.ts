/**
 * An in-memory ObjectClient for driver unit tests: it keeps objects by kind/namespace/name, evaluates equality label
 * selectors the way the API server does, answers 404/409 like it, and records every call so tests can assert the
 * traffic a driver produces (e.g. that listing filters on the server).
 */
import type { ObjectClient, StorageObject, StorageObjectKind } from "@/lib/release";

class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function matches(selector: string, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [key, value] = term.split("=");
    return labels[key!] === value;
  });
}

export class RecordingObjectClient implements ObjectClient {
  readonly objects = new Map<string, StorageObject>();
  readonly calls: string[] = [];

  private id(kind: string, namespace: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
  }

  async getObject(kind: StorageObjectKind, namespace: string, name: string) {
    this.calls.push(`GET ${kind} ${namespace}/${name}`);
    const object = this.objects.get(this.id(kind, namespace, name));
    return object ? structuredClone(object) : undefined;
  }

  async listObjects(kind: StorageObjectKind, namespace: string | undefined, labelSelector: string) {
    this.calls.push(`LIST ${kind} ${namespace ?? ""} ${labelSelector}`);
    return [...this.objects.values()]
      .filter((o) => o.kind === kind && (!namespace || o.metadata.namespace === namespace))
      .filter((o) => matches(labelSelector, o.metadata.labels))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
      .map((o) => structuredClone(o));
  }

  async createObject(object: StorageObject) {
    const id = this.id(object.kind, object.metadata.namespace ?? "", object.metadata.name);
    this.calls.push(`POST ${object.kind} ${object.metadata.namespace}/${object.metadata.name}`);
    if (this.objects.has(id)) throw new StatusError(409, "AlreadyExists", `${object.metadata.name} already exists`);
    this.objects.set(id, structuredClone(object));
    return object;
  }

  async updateObject(object: StorageObject) {
    const id = this.id(object.kind, object.metadata.namespace ?? "", object.metadata.name);
    this.calls.push(`PUT ${object.kind} ${object.metadata.namespace}/${object.metadata.name}`);
    if (!this.objects.has(id)) throw new StatusError(404, "NotFound", `${object.metadata.name} not found`);
    this.objects.set(id, structuredClone(object));
    return object;
  }

  async deleteObject(kind: StorageObjectKind, namespace: string, name: string) {
    this.calls.push(`DELETE ${kind} ${namespace}/${name}`);
    if (!this.objects.delete(this.id(kind, namespace, name))) throw new StatusError(404, "NotFound", `${name} not found`);
  }
}
