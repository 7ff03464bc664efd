/** A release status as Helm names it, coloured by what it means for the user: live, broken, busy or history. */
const STYLES: Record<string, string> = {
  deployed: "bg-emerald-100 text-emerald-800 ring-emerald-200",
  failed: "bg-red-100 text-red-800 ring-red-200",
  "pending-install": "bg-amber-100 text-amber-900 ring-amber-200",
  "pending-upgrade": "bg-amber-100 text-amber-900 ring-amber-200",
  "pending-rollback": "bg-amber-100 text-amber-900 ring-amber-200",
  uninstalling: "bg-amber-100 text-amber-900 ring-amber-200",
  superseded: "bg-slate-100 text-slate-700 ring-slate-200",
  uninstalled: "bg-slate-100 text-slate-500 ring-slate-200",
};

export function ReleaseStatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? "bg-slate-100 text-slate-700 ring-slate-200"}`}>
      {status}
    </span>
  );
}
