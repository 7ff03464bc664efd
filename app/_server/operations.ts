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
import type { Impersonation } from "@/lib/kube/impersonation";
import { impersonationFor } from "./impersonation";

export { operationInputSchema, cancelOperation, isRunningHere, type OperationInput, type StartResult } from "@/lib/operations/runner";

function serverEnvironment(impersonate?: Impersonation): RunnerEnvironment {
  return {
    db: db(),
    renderOffThread: true,
    resolveCluster(requested) {
      const context = resolveContext(requested);
      return context && { name: context.name, client: clientFor(context, { impersonate }) };
    },
  };
}

/** Starts an operation for an already authorised user; `chart` is required for install and optional for upgrade. */
export async function startOperation(user: SessionUser, raw: OperationInput, chart?: Chart): Promise<StartResult> {
  // With HOOKLINE_KUBE_IMPERSONATE=1 every cluster call of this operation is made as the signed-in user.
  const environment = serverEnvironment(await impersonationFor(user));
  const started = await launchOperation(environment, { id: user.id, name: user.username }, raw, chart);
  return started.ok ? { ok: true, operationId: started.operationId } : started;
}
