import { redirect } from "next/navigation";
import { hasUsers } from "@/lib/auth/accounts";
import { safeNextPath } from "@/lib/auth/session-cookie";
import { db } from "@/lib/db/client";
import { currentUser } from "../_server/session";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (!(await hasUsers(db()))) redirect("/setup");
  const next = safeNextPath((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-6 text-xl font-semibold">Sign in to Hookline</h1>
      <SignInForm next={next === "/" ? undefined : next} />
    </div>
  );
}
