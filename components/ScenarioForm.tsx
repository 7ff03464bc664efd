"use client";

import { useActionState, useTransition } from "react";
import { addScenarioAction, removeScenarioAction, resetSandboxAction, type SandboxState } from "@/app/sandbox/actions";
import type { Scenario } from "@/app/_server/sandbox";

const field = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/** Script the next operation's hooks in the sandbox: fail, hang, run slowly or succeed, with chosen logs. */
export function ScenarioForm() {
  const [state, action, pending] = useActionState<SandboxState, FormData>(addScenarioAction, {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-2" aria-label="New scenario">
      <label className="text-sm">
        Kind
        <select name="kind" className={field} defaultValue="Job">
          <option>Job</option>
          <option>Pod</option>
        </select>
      </label>
      <label className="text-sm">
        Hook name
        <input name="name" required placeholder="demo-db-backup" className={field} />
      </label>
      <label className="text-sm">
        Namespace
        <input name="namespace" placeholder="any namespace" className={field} />
      </label>
      <label className="text-sm">
        Behaviour
        <select name="action" className={field} defaultValue="fail">
          <option value="fail">fail</option>
          <option value="hang">hang</option>
          <option value="slow">run slowly</option>
          <option value="succeed">succeed</option>
        </select>
      </label>
      <label className="text-sm">
        Duration
        <input name="duration" placeholder="e.g. 30s" className={field} />
      </label>
      <label className="text-sm sm:col-span-2">
        Logs the hook prints
        <textarea name="logs" rows={3} className={`${field} font-mono`} placeholder="pg_dump: error: connection refused" />
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
          Add scenario
        </button>
        {state.error && (
          <span role="alert" className="text-sm text-red-700">
            {state.error}
          </span>
        )}
        {state.message && <span className="text-sm text-emerald-700">{state.message}</span>}
      </div>
    </form>
  );
}

export function RemoveScenarioButton({ scenario }: { scenario: Scenario }) {
  const [pending, start] = useTransition();
  return (
    <button type="button" disabled={pending} onClick={() => start(async () => void (await removeScenarioAction(scenario.id)))} className="text-sm text-red-700 hover:underline">
      Remove
    </button>
  );
}

export function ResetSandboxButton() {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        if (window.confirm("Empty the sandbox cluster? Every release and object in it is removed.")) start(async () => void (await resetSandboxAction()));
      }}
      className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50"
    >
      Reset sandbox
    </button>
  );
}
