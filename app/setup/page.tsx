import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/auth/accounts";
import { oidcConfig } from "@/lib/auth/oidc/config";
import { db } from "@/lib/db/client";
import { SetupForm } from "./SetupForm";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  // With single sign-on only, accounts come from the provider: there is no local admin to set up.
  if (oidcConfig()?.only || (await hasUsers(db()))) redirect("/signin");
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">Welcome to Hookline</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">Create the administrator account. You can add more people once you are signed in.</p>
      <SetupForm />
    </div>
  );
}
