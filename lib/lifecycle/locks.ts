/**
 * The in-process per-release lock. helm itself only refuses an upgrade on a pending release; Hookline also
 * makes sure two of its own operations on one release never run at the same time, whatever their kind.
 */
export class OperationInProgressError extends Error {
  constructor(readonly namespace: string, readonly releaseName: string, readonly holder: string) {
    super(`another operation is in progress for release ${namespace}/${releaseName} (${holder})`);
    this.name = "OperationInProgressError";
  }
}

export class ReleaseLocks {
  private readonly held = new Map<string, string>();

  /** Takes the lock or throws OperationInProgressError; call the returned function to release it. */
  acquire(namespace: string, releaseName: string, holder: string): () => void {
    const key = `${namespace}/${releaseName}`;
    const current = this.held.get(key);
    if (current !== undefined) throw new OperationInProgressError(namespace, releaseName, current);
    this.held.set(key, holder);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held.delete(key);
    };
  }

  isHeld(namespace: string, releaseName: string): boolean {
    return this.held.has(`${namespace}/${releaseName}`);
  }
}
