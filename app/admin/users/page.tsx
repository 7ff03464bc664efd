import { CreateUserForm, UserCard } from "@/components/users/UsersAdmin";
import { can } from "@/lib/auth/roles";
import { listUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { listContexts } from "../../_server/clusters";
import { requirePageUser } from "../../_server/session";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const user = await requirePageUser();
  if (!can(user.role, "manage-users")) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-slate-600">Your role ({user.role}) may not manage users; ask an admin.</p>
      </div>
    );
  }
  const users = await listUsers(db());
  const contexts = listContexts().map((c) => c.name);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Viewers read everything. Operators install, upgrade, roll back and test only where a grant covers the release&apos;s context and namespace
          (&quot;*&quot; for any); without grants, nowhere. Admins do everything.
        </p>
      </div>
      <section aria-label="Create a user" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-lg font-medium">Create a local user</h2>
        <CreateUserForm />
      </section>
      <section aria-label="Users list" className="space-y-3">
        {users.map((u) => (
          <UserCard
            key={u.id}
            self={u.id === user.id}
            contexts={contexts}
            user={{ ...u, lastSignInAt: u.lastSignInAt ? u.lastSignInAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : null }}
          />
        ))}
      </section>
    </div>
  );
}
