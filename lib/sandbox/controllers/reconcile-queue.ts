/**
 * Coalesces change notifications into reconcile calls. Controllers never write from inside a store listener: keys
 * are queued and drained on the next turn of the event loop, each key at most once per drain.
 */
export class ReconcileQueue {
  private readonly pending = new Map<string, () => void>();
  private scheduled: NodeJS.Immediate | undefined;
  private stopped = false;

  enqueue(key: string, work: () => void): void {
    if (this.stopped) return;
    this.pending.set(key, work);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const work of batch) {
      try {
        work();
      } catch (error) {
        console.error("[sandbox] controller error:", error);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.pending.clear();
  }
}
