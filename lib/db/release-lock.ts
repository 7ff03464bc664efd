/**
 * One operation per release across every Hookline process that shares the database: acquiring is inserting a row
 * keyed by the release, so the database decides which of two concurrent operations wins. The lock names the
 * operation holding it; crash recovery removes locks of operations it finds orphaned.
 */
import type { Db } from "./client";

export function releaseLockKey(context: string, namespace: string, name: string): string {
  return `${context}/${namespace}/${name}`;
}

/** True when `operationId` now holds the release; false when another operation does. */
export async function acquireReleaseLock(db: Db, key: string, operationId: string): Promise<boolean> {
  try {
    await db.releaseLock.create({ data: { key, operationId } });
    return true;
  } catch (err) {
    // A unique violation (P2002) means someone else holds it; anything else is a real failure.
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

export async function releaseReleaseLock(db: Db, key: string, operationId: string): Promise<void> {
  await db.releaseLock.deleteMany({ where: { key, operationId } });
}

/** Which operation holds the release, if any. */
export async function releaseLockHolder(db: Db, key: string): Promise<string | undefined> {
  return (await db.releaseLock.findUnique({ where: { key } }))?.operationId;
}
