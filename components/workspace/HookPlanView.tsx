/** The hook plan of the edited chart: per event, in Helm's execution order, what each hook is and what happens to it. */
import { HOOK_EVENTS, type HookPlan } from "@/lib/hooks";

export function HookPlanView({ plan, onOpen }: { plan: HookPlan | null; onOpen(path: string, line: number): void }) {
  if (!plan) return <p className="text-sm text-slate-500">No plan: the chart does not render (see the error above).</p>;
  const events = HOOK_EVENTS.filter((e) => plan.events[e].length > 0);
  return (
    <section role="region" aria-label="Hook plan" className="space-y-4">
      <p className="rounded border border-sky-200 bg-sky-50 p-2 text-xs text-sky-900">
        Within an event Helm runs hooks by weight, then by <strong>name</strong>, then by kind — not by weight, kind, name as its documentation says. A
        hook whose position differs from the documented order is flagged below.
      </p>
      {events.length === 0 && <p className="text-sm text-slate-500">This chart has no hooks.</p>}
      {events.map((event) => (
        <div key={event}>
          <h3 className="font-mono text-sm font-semibold text-slate-800">
            {event} <span className="font-sans font-normal text-slate-500">({plan.events[event].length} hook{plan.events[event].length > 1 ? "s" : ""})</span>
          </h3>
          <table className="mt-1 w-full text-left text-xs">
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">#</th>
                <th scope="col" className="py-1 pr-2 font-medium">Weight</th>
                <th scope="col" className="py-1 pr-2 font-medium">Kind</th>
                <th scope="col" className="py-1 pr-2 font-medium">Name</th>
                <th scope="col" className="py-1 pr-2 font-medium">Delete policies</th>
                <th scope="col" className="py-1 pr-2 font-medium">Waited</th>
                <th scope="col" className="py-1 pr-2 font-medium">On success</th>
                <th scope="col" className="py-1 font-medium">On failure</th>
              </tr>
            </thead>
            <tbody>
              {plan.events[event].map((h) => (
                <tr key={`${h.source}:${h.line}:${h.name}`} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-2">{h.position}</td>
                  <td className="py-1 pr-2">{h.weight}</td>
                  <td className="py-1 pr-2">{h.kind}</td>
                  <td className="py-1 pr-2">
                    <button type="button" className="font-medium text-indigo-700 hover:underline" onClick={() => onOpen(h.source, h.line)}>
                      {h.name}
                    </button>
                    {h.orderNote && <span className="block text-amber-700">{h.orderNote}</span>}
                  </td>
                  <td className="py-1 pr-2 font-mono">{h.deletePolicies.join(", ")}{h.defaultDeletePolicy ? " (default)" : ""}</td>
                  <td className="py-1 pr-2" title={h.waitDetail}>{h.waited ? "waited" : "not waited"}</td>
                  <td className="py-1 pr-2">{h.onSuccess}</td>
                  <td className="py-1">{h.onFailure}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {plan.dropped.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-red-800">Dropped by Helm (unknown hook event)</h3>
          <ul className="text-xs">
            {plan.dropped.map((d) => (
              <li key={`${d.source}:${d.line}`}>
                {d.kind}/{d.name}: {d.unknownEvents.join(", ")} ({d.source}:{d.line})
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
