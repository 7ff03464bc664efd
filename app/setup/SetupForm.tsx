"use client";

import { useActionState } from "react";
import { createAdmin, type SetupState } from "./actions";

const inputClass = "mt-1 w-full rounded-md border border-slate-300 px-3 py-2 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

export function SetupForm() {
  const [state, action, pending] = useActionState<SetupState, FormData>(createAdmin, {});
  return (
    <form action={action} className="space-y-4">
      <div>
        <label htmlFor="username" className="block text-sm font-medium text-slate-700">
          Username
        </label>
        <input id="username" name="username" autoComplete="username" required defaultValue="admin" className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} className={inputClass} />
      </div>
      <div>
        <label htmlFor="confirm" className="block text-sm font-medium text-slate-700">
          Confirm password
        </label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={10} className={inputClass} />
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        Create admin account
      </button>
    </form>
  );
}
