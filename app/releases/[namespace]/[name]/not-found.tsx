import Link from "next/link";

/** A release link that no longer leads anywhere: uninstalled, or a typo in the address. */
export default function ReleaseNotFound() {
  return (
    <div className="space-y-3 rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">
      <h1 className="text-lg font-medium text-slate-900">No such release</h1>
      <p>This context and namespace have no release records under that name (it may have been uninstalled without keeping its history).</p>
      <Link href="/" className="text-indigo-700 hover:underline">
        Back to the releases
      </Link>
    </div>
  );
}
