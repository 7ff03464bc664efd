/**
 * Starting and cancelling lifecycle operations from the web app. A request never waits for an operation: the caller
 * has been authorised (the server actions call `authorize` first), and lib/operations/runner takes the release lock,
 * records and audits the operation and runs the engine in the background of this server process; the operation's
 * id is returned at once. This file only binds the runner to the server's database and cluster contexts.
 */
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/sessions";
import type { Chart } from "@/lib/chart/types";
import { launchOperation, type OperationInput, type RunnerEnvironment, type StartResult } from "@/lib/operations/runner";
import { clientFor, resolveContext } from "./clusters";

export { operationInputSchema, cancelOperation, isRunningHere, type OperationInput, type StartResult } from "@/lib/operations/runner";

function serverEnvironment(): RunnerEnvironment {
  return {
    db: db(),
    resolveCluster(requested) {
      const context = resolveContext(requested);
      return context && { name: context.name, client: clientFor(context) };
    },
  };
}

/** Starts an operation for an already authorised user; `chart` is required for install and optional for upgrade. */
export async function startOperation(user: SessionUser, raw: OperationInput, chart?: Chart): Promise<StartResult> {
  const started = await launchOperation(serverEnvironment(), { id: user.id, name: user.username }, raw, chart);
  return started.ok ? { ok: true, operationId: started.operationId } : started;
}
