import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/Providers";
import { can } from "@/lib/auth/roles";
import { currentUser } from "./_server/session";
import { signOut } from "./signin/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: "Hookline",
  description: "Upgrade Helm releases from a browser and see what the hooks do.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
              Hookline
            </Link>
            {user && (
              <>
                <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">
                  Releases
                </Link>
                <Link href="/charts" className="text-sm text-slate-600 hover:text-slate-900">Charts</Link>
                <Link href="/sandbox" className="text-sm text-slate-600 hover:text-slate-900">
                  Sandbox
                </Link>
                {can(user.role, "manage-users") && (
                  <Link href="/admin/users" className="text-sm text-slate-600 hover:text-slate-900">
                    Users
                  </Link>
                )}
                <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
                  <span>
                    {user.displayName || user.username} <span className="text-slate-400">({user.role})</span>
                  </span>
                  <form action={signOut}>
                    <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-100">
                      Sign out
                    </button>
                  </form>
                </div>
              </>
            )}
          </nav>
        </header>
        <main className="mx-auto max-w-6xl px-6 py-8">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
