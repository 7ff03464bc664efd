/**
 * The audit log: one entry per write request (create, update, patch, delete), from clients and from the simulated
 * controllers alike, so tests can compare the operation sequences helm or Hookline produce.
 */

export type AuditVerb = "create" | "update" | "patch" | "apply" | "delete" | "deletecollection";

export interface AuditEntry {
  /** Increases by one per entry; pass the last seen value as `since` to read only newer entries. */
  seq: number;
  time: string;
  verb: AuditVerb;
  apiVersion: string;
  kind: string;
  resource: string;
  subresource?: string;
  namespace: string;
  name: string;
  /** The object's resourceVersion after the write; absent when the request failed. */
  resourceVersion?: string;
  code: number;
  /** Who wrote: the client's field manager or user agent, or `sandbox-controller`. */
  actor: string;
  /** Set when the client acted as another user (Kubernetes impersonation headers). */
  impersonatedUser?: { username: string; groups: string[] };
}

export interface AuditQuery {
  since?: number;
  actor?: string;
  /** Leaves out the sandbox's own writes (simulated controllers, seeding). */
  clientsOnly?: boolean;
  namespace?: string;
  kind?: string;
  /** Only writes made while impersonating this user. */
  impersonatedUser?: string;
}

export const CONTROLLER_ACTOR = "sandbox-controller";
/** Actors of the sandbox itself (controllers, seeding), left out by `clientsOnly`. */
export const INTERNAL_ACTOR_PREFIX = "sandbox-";

export class AuditLog {
  private log: AuditEntry[] = [];
  private nextSeq = 1;

  constructor(private readonly limit = 100_000) {}

  record(entry: Omit<AuditEntry, "seq" | "time">): AuditEntry {
    const full: AuditEntry = { seq: this.nextSeq++, time: new Date().toISOString(), ...entry };
    this.log.push(full);
    if (this.log.length > this.limit) this.log.splice(0, this.log.length - this.limit);
    return full;
  }

  entries(query: AuditQuery = {}): AuditEntry[] {
    return this.log.filter(
      (e) =>
        (query.since === undefined || e.seq > query.since) &&
        (query.actor === undefined || e.actor === query.actor) &&
        (!query.clientsOnly || !e.actor.startsWith(INTERNAL_ACTOR_PREFIX)) &&
        (query.namespace === undefined || e.namespace === query.namespace) &&
        (query.kind === undefined || e.kind === query.kind) &&
        (query.impersonatedUser === undefined || e.impersonatedUser?.username === query.impersonatedUser),
    );
  }

  /** The sequence number of the newest entry (0 when empty): a bookmark for `entries({ since })`. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  clear(): void {
    this.log = [];
  }

  toJSON(): { nextSeq: number; entries: AuditEntry[] } {
    return { nextSeq: this.nextSeq, entries: this.log };
  }

  load(saved: { nextSeq: number; entries: AuditEntry[] }): void {
    this.log = saved.entries;
    this.nextSeq = saved.nextSeq;
  }
}
