import type { ReleaseHookView } from "@/app/_server/release-detail";

const PHASE_STYLES: Record<string, string> = {
  Succeeded: "text-emerald-700",
  Failed: "text-red-700",
  Running: "text-amber-700",
  Unknown: "text-amber-700",
};

/** Helm stores hook times with nanoseconds; the table shows them to the second, like the history. */
function utc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

/** The hooks stored with a revision, in their stored order, with what happened when they last ran. */
export function HooksTable({ hooks }: { hooks: ReleaseHookView[] }) {
  if (hooks.length === 0) return <p className="text-sm text-slate-500">This revision has no hooks.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Hooks</caption>
      <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">Events</th>
          <th scope="col" className="py-2 pr-3 font-medium">Weight</th>
          <th scope="col" className="py-2 pr-3 font-medium">Kind</th>
          <th scope="col" className="py-2 pr-3 font-medium">Name</th>
          <th scope="col" className="py-2 pr-3 font-medium">Delete policies</th>
          <th scope="col" className="py-2 font-medium">Last run</th>
        </tr>
      </thead>
      <tbody>
        {hooks.map((h, i) => (
          <tr key={i} className="border-b border-slate-100">
            <td className="py-2 pr-3 font-mono text-xs">{h.events.join(", ")}</td>
            <td className="py-2 pr-3">{h.weight}</td>
            <td className="py-2 pr-3">{h.kind}</td>
            <td className="py-2 pr-3 font-medium">{h.name}</td>
            <td className="py-2 pr-3 font-mono text-xs">{h.deletePolicies.length ? h.deletePolicies.join(", ") : "before-hook-creation (default)"}</td>
            <td className={`py-2 ${PHASE_STYLES[h.phase] ?? "text-slate-500"}`}>{h.phase ? `${h.phase}${h.completedAt ? ` at ${utc(h.completedAt)}` : h.startedAt ? ` since ${utc(h.startedAt)}` : ""}` : "never run"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
