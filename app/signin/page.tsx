import Link from "next/link";
import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/auth/accounts";
import { safeNextPath } from "@/lib/auth/session-cookie";
import { db } from "@/lib/db/client";
import { SSO_ERRORS, signInOptions, type SsoError } from "../_server/oidc";
import { currentUser } from "../_server/session";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { sso, localForm } = signInOptions();
  const users = await hasUsers(db());
  // Without any account the first-run setup comes first, unless single sign-on can create accounts.
  if (!users && !sso) redirect("/setup");
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await currentUser()) redirect(next);
  const ssoError = params.error && params.error in SSO_ERRORS ? SSO_ERRORS[params.error as SsoError] : undefined;
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-6 text-xl font-semibold">Sign in to Hookline</h1>
      {ssoError && (
        <p role="alert" className="mb-4 text-sm text-red-700">
          {ssoError}
        </p>
      )}
      {sso && (
        <a
          href={`/api/auth/oidc/login${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`}
          className="block w-full rounded-md border border-indigo-600 px-3 py-2 text-center font-medium text-indigo-700 hover:bg-indigo-50"
        >
          Sign in with SSO
        </a>
      )}
      {sso && localForm && <p className="my-4 text-center text-xs uppercase tracking-wide text-slate-400">or</p>}
      {localForm && users && <SignInForm next={next === "/" ? undefined : next} />}
      {localForm && !users && (
        <p className="text-sm text-slate-600">
          No local account exists yet. <Link href="/setup" className="text-indigo-700 underline">Create the admin account</Link>.
        </p>
      )}
    </div>
  );
}
