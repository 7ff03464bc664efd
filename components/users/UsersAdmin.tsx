"use client";
/** The user management forms of /admin/users: one form per change, each showing its own result. */
import { useActionState, useId } from "react";
import {
  addGrantAction,
  changeRoleAction,
  createUserAction,
  removeGrantAction,
  resetPasswordAction,
  setDisabledAction,
  type UserFormState,
} from "@/app/admin/users/actions";
import type { UserRow } from "@/lib/auth/users";

/** A user as the server lists it (lib/auth/users.ts), with the last sign-in already formatted for display. */
export type UserView = Omit<UserRow, "hasPassword" | "lastSignInAt"> & { lastSignInAt: string | null };

const input = "rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";
const button = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50";
const primary = "rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";
const ROLES = ["viewer", "operator", "admin"] as const;

function Outcome({ state }: { state: UserFormState }) {
  if (state.error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        {state.error}
      </p>
    );
  }
  return state.ok ? (
    <p role="status" className="text-sm text-green-700">
      Saved.
    </p>
  ) : null;
}

function Labelled({ label, children }: { label: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, {});
  return (
    <form action={action} className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <Labelled label="Username">{(id) => <input id={id} name="username" required autoComplete="off" className={input} />}</Labelled>
        <Labelled label="Role">
          {(id) => (
            <select id={id} name="role" defaultValue="viewer" className={input}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Labelled>
        <Labelled label="Initial password">{(id) => <input id={id} name="password" type="password" required minLength={10} autoComplete="new-password" className={input} />}</Labelled>
        <Labelled label="Confirm initial password">{(id) => <input id={id} name="confirm" type="password" required minLength={10} autoComplete="new-password" className={input} />}</Labelled>
        <button type="submit" disabled={pending} className={primary}>
          Create user
        </button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

function RoleForm({ user, self }: { user: UserView; self: boolean }) {
  const [state, action, pending] = useActionState(changeRoleAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <Labelled label={`Role of ${user.username}`}>
        {(id) => (
          <select id={id} name="role" defaultValue={user.role} disabled={self || user.sso} className={input}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        )}
      </Labelled>
      <button type="submit" disabled={pending || self || user.sso} className={button}>
        Save
      </button>
      <Outcome state={state} />
    </form>
  );
}

function DisableForm({ user, self }: { user: UserView; self: boolean }) {
  const [state, action, pending] = useActionState(setDisabledAction, {});
  return (
    <form action={action} className="flex items-end gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
      <button type="submit" disabled={pending || (self && !user.disabled)} className={button}>
        {user.disabled ? "Enable" : "Disable"}
      </button>
      <Outcome state={state} />
    </form>
  );
}

function PasswordForm({ user }: { user: UserView }) {
  const [state, action, pending] = useActionState(resetPasswordAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <Labelled label={`New password for ${user.username}`}>
        {(id) => <input id={id} name="password" type="password" required minLength={10} autoComplete="new-password" className={input} />}
      </Labelled>
      <Labelled label={`Confirm new password for ${user.username}`}>
        {(id) => <input id={id} name="confirm" type="password" required minLength={10} autoComplete="new-password" className={input} />}
      </Labelled>
      <button type="submit" disabled={pending} className={button}>
        Reset password
      </button>
      <Outcome state={state} />
    </form>
  );
}

function RemoveGrant({ grant }: { grant: UserView["grants"][number] }) {
  const [state, action, pending] = useActionState(removeGrantAction, {});
  return (
    <li className="flex items-center gap-2">
      <span className="font-mono text-sm">
        {grant.context} / {grant.namespace}
      </span>
      <form action={action}>
        <input type="hidden" name="grantId" value={grant.id} />
        <button type="submit" disabled={pending} className={button}>
          Remove grant
        </button>
      </form>
      <Outcome state={state} />
    </li>
  );
}

function GrantsForm({ user, contexts }: { user: UserView; contexts: string[] }) {
  const [state, action, pending] = useActionState(addGrantAction, {});
  const listId = useId();
  return (
    <div className="space-y-2">
      {user.grants.length === 0 ? (
        <p className="text-sm text-slate-500">{user.role === "operator" ? "No grants: this operator may act nowhere." : "No grants (only operators need them)."}</p>
      ) : (
        <ul aria-label={`Grants of ${user.username}`} className="space-y-1">
          {user.grants.map((g) => (
            <RemoveGrant key={g.id} grant={g} />
          ))}
        </ul>
      )}
      <form action={action} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="userId" value={user.id} />
        <datalist id={listId}>
          {["*", ...contexts].map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <Labelled label={`Grant context for ${user.username}`}>{(id) => <input id={id} name="context" list={listId} defaultValue="*" required className={input} />}</Labelled>
        <Labelled label={`Grant namespace for ${user.username}`}>{(id) => <input id={id} name="namespace" required placeholder="default or *" className={input} />}</Labelled>
        <button type="submit" disabled={pending} className={button}>
          Add grant
        </button>
        <Outcome state={state} />
      </form>
    </div>
  );
}

export function UserCard({ user, self, contexts }: { user: UserView; self: boolean; contexts: string[] }) {
  return (
    <article aria-label={`User ${user.username}`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <header className="flex flex-wrap items-baseline gap-3">
        <h3 className="font-medium">{user.username}</h3>
        <span className="text-sm text-slate-600">{user.role}</span>
        <span className="text-sm text-slate-500">{user.sso ? "SSO-linked" : "local"}</span>
        {user.disabled && <span className="rounded bg-red-100 px-1.5 text-xs font-medium text-red-800">disabled</span>}
        {self && <span className="text-xs text-slate-500">(you)</span>}
        <span className="ml-auto text-xs text-slate-500">Last sign-in: {user.lastSignInAt ?? "unknown"}</span>
      </header>
      <div className="flex flex-wrap items-end gap-6">
        <RoleForm user={user} self={self} />
        <DisableForm user={user} self={self} />
      </div>
      <PasswordForm user={user} />
      <GrantsForm user={user} contexts={contexts} />
    </article>
  );
}
