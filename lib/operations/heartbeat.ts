/**
 * The heartbeat of a running operation: its process renews Operation.heartbeatAt every few seconds, so any Hookline
 * process sharing the database can tell a live operation (on any host) from one whose process or host died
 * (lib/lifecycle/recovery). The renewal only touches an operation that is still pending or running; when it finds
 * none, another process has reconciled this operation as interrupted, and `onLost` lets the owner stop working on a
 * release it no longer holds.
 */
import type { Db } from "@/lib/db/client";

export interface Heartbeat {
  stop(): void;
}

export function startHeartbeat(db: Db, operationId: string, options: { intervalMs: number; onLost: () => void }): Heartbeat {
  let stopped = false;
  let inFlight = false;
  const beat = async () => {
    if (stopped || inFlight) return;
    inFlight = true;
    try {
      const renewed = await db.operation.updateMany({ where: { id: operationId, status: { in: ["pending", "running"] } }, data: { heartbeatAt: new Date() } });
      if (renewed.count === 0 && !stopped) {
        stopped = true;
        clearInterval(timer);
        options.onLost();
      }
    } catch {
      // The database is briefly unreachable: the next beat tries again (staleness allows several misses).
    } finally {
      inFlight = false;
    }
  };
  const timer = setInterval(() => void beat(), options.intervalMs);
  timer.unref();
  void beat();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
